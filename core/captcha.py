"""The arithmetic captcha of the public forms, drawn so that a resident can read it.

django-simple-captcha draws each character on its own image sized by ``font.getbbox``, taking
the ink's top for its left edge: a character whose ink starts low (“−”, “=”) is cut off on the
right, and its own “-” is a thin dash turned up to 35°. So the operators are the wide signs
“+ − ×”, listed in ``CAPTCHA_PUNCTUATION`` (drawn with the digit before them, hence not cut),
turned at most 12°, no noise line crosses them, and :func:`bolder` thickens every stroke
(settings ``CAPTCHA_*``).
"""

from __future__ import annotations

import operator
import secrets

from PIL import ImageFilter

# sign → (function, largest operand)
OPERATIONS = {
    "+": (operator.add, 10),
    "−": (operator.sub, 10),  # U+2212 MINUS SIGN: as wide as “+”
    "×": (operator.mul, 9),
}
SIGNS = "".join(OPERATIONS) + "="


def arithmetic_challenge() -> tuple[str, str]:
    """``("7−5=", "2")``: a sum, difference (never negative) or product of small numbers."""
    sign = secrets.choice(list(OPERATIONS))
    function, largest = OPERATIONS[sign]
    a, b = (secrets.randbelow(largest) + 1 for _ in range(2))
    if sign == "−" and a < b:
        a, b = b, a
    return f"{a}{sign}{b}=", str(function(a, b))


def bolder(image):
    """Dark strokes two pixels wider (a minimum filter over the light background)."""
    return image.filter(ImageFilter.MinFilter(3))


def noise_edges(draw, image):
    """Two arcs along the top and bottom edges: some noise, none across the signs (the library's
    diagonal line runs right through them)."""
    width, height = image.size
    draw.arc([-20, -20, width, 16], 0, 295, fill="#001100")
    draw.arc([0, height - 14, width + 20, height + 24], 180, 330, fill="#001100")
    return draw
