"""What NGO editors learn from how Jol is used, without learning who used it: counts of
people per day (never who), answers read and rated, and what people asked that Jol could not
answer, stripped of anything that could name them. No aiogram here."""
