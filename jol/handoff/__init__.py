"""A person when the bot is not enough: the consented hand-off to NGO caseworkers. This
package is the part without Telegram (working hours); the conversation itself is in
handlers/handoff.py (both sides), jol/telegram/staff.py (the staff group's topics) and
jol/telegram/relay.py (the queue that carries messages both ways)."""
