"""Draw the application icon (an original design: a red ledger with a gold star and ruled lines).

Run by hand when the design changes; the PNG and the multi-size ICO it writes are committed under
resources/icons/ so neither the app nor a build needs this script:

    python packaging/make_icon.py
"""

from __future__ import annotations

import math
from pathlib import Path

from PIL import Image, ImageDraw

ROOT = Path(__file__).resolve().parent.parent
ICONS = ROOT / "resources" / "icons"
RED = (200, 16, 46, 255)
DARK_RED = (150, 8, 30, 255)
GOLD = (255, 206, 0, 255)
PAPER = (255, 250, 240, 255)
LINE = (200, 16, 46, 200)
ICO_SIZES = [(16, 16), (24, 24), (32, 32), (48, 48), (64, 64), (128, 128), (256, 256)]


def _star(cx: float, cy: float, outer: float) -> list[tuple[float, float]]:
    inner = outer * 0.382
    points = []
    for i in range(10):
        radius = outer if i % 2 == 0 else inner
        angle = -math.pi / 2 + i * math.pi / 5
        points.append((cx + radius * math.cos(angle), cy + radius * math.sin(angle)))
    return points


def draw(size: int = 1024) -> Image.Image:
    """Drawn large and scaled down, so the small sizes stay smooth."""
    image = Image.new("RGBA", (size, size), (0, 0, 0, 0))
    d = ImageDraw.Draw(image)
    s = size / 256
    d.rounded_rectangle((8 * s, 8 * s, 248 * s, 248 * s), radius=44 * s, fill=RED)
    # the ledger: an open book's right page, with a spine on the left
    d.rounded_rectangle((64 * s, 52 * s, 204 * s, 212 * s), radius=10 * s, fill=PAPER)
    d.rectangle((64 * s, 52 * s, 84 * s, 212 * s), fill=DARK_RED)
    for row in range(5):
        y = (110 + row * 20) * s
        d.line((98 * s, y, 190 * s, y), fill=LINE, width=max(1, round(6 * s)))
    d.polygon(_star(140 * s, 80 * s, 22 * s), fill=GOLD)
    return image


def main() -> None:
    ICONS.mkdir(parents=True, exist_ok=True)
    big = draw()
    big.resize((256, 256), Image.LANCZOS).save(ICONS / "branchdesk.png")
    big.resize((256, 256), Image.LANCZOS).save(ICONS / "branchdesk.ico", sizes=ICO_SIZES)
    print(f"written: {ICONS / 'branchdesk.png'}, {ICONS / 'branchdesk.ico'}")


if __name__ == "__main__":
    main()
