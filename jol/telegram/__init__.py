"""aiogram glue: the Bot/Dispatcher factory, middlewares, keyboards and sending Screens."""
