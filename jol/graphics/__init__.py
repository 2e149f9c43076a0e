"""Pictures the bot sends: PNG charts drawn with Pillow, in a font shipped with the project.

- ``fonts``: the shipped Noto Sans pair (``assets/fonts/``), ``font(size, bold=False)`` for
  Pillow, and ``missing_letters(text)`` to prove a text can be drawn without tofu boxes.
- ``chart.bar_chart``: a horizontal bar chart as PNG bytes, labels in any of the bot's languages.

Nothing here imports aiogram: the handlers send the bytes.
"""
