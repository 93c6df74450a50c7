"""Generate the photos of the flavour samples (deterministic: fixed seeds, no clock).

Run from the repository root:  .venv/bin/python samples/make_flavour_images.py

Each sample NAME.html that shows photos gets them in NAME_files/: small drawn scenes (640x400,
JPEG quality 82, roughly 15-30 KB) so that the sample tests stay fast. The scenes are only there
to be real image bytes; their content does not matter.
"""

from __future__ import annotations

import random
from pathlib import Path

from PIL import Image, ImageDraw, ImageFilter

HERE = Path(__file__).resolve().parent
SIZE = (640, 400)

# sample name → (file name, seed, sky colour, ground colour)
PHOTOS: dict[str, list[tuple[str, int, tuple[int, int, int], tuple[int, int, int]]]] = {
    "sp2013-content-editor-page": [("harbour-road-resurfacing.jpg", 11, (150, 190, 225), (90, 90, 96))],
    "sp2010-list-dispform": [("cafeteria-counter.jpg", 21, (230, 220, 200), (160, 120, 80)),
                             ("cafeteria-terrace.jpg", 22, (170, 205, 235), (120, 150, 90))],
    "sp2013-csr-dispform": [("lich-tiep-dan.jpg", 31, (200, 215, 230), (140, 110, 90))],
    "sp2013-blog-post-csr": [("reading-room.jpg", 41, (215, 200, 170), (110, 80, 60))],
    "sp2010-blog-post": [("vuon-uom-ca-phe.jpg", 51, (160, 200, 230), (70, 120, 60)),
                         ("tap-huan-ky-thuat.jpg", 52, (190, 210, 225), (100, 130, 70))],
    "sp2013-wiki-page": [("badge-office.jpg", 61, (220, 225, 230), (120, 120, 130))],
    "spo-modern-news-page": [("solar-roof.jpg", 71, (120, 170, 220), (80, 85, 95)),
                             ("inverter-room.jpg", 72, (200, 205, 210), (90, 95, 100))],
    "sp2013-custom-layout-page": [("ferry-terminal.jpg", 81, (140, 185, 225), (60, 90, 120))],
}


def scene(seed: int, sky: tuple[int, int, int], ground: tuple[int, int, int]) -> Image.Image:
    rng = random.Random(seed)
    img = Image.new("RGB", SIZE, sky)
    d = ImageDraw.Draw(img)
    horizon = rng.randint(170, 240)
    for y in range(horizon):  # sky gradient
        t = y / horizon
        d.line([(0, y), (SIZE[0], y)], fill=tuple(int(c * (0.8 + 0.2 * t)) for c in sky))
    d.rectangle([0, horizon, SIZE[0], SIZE[1]], fill=ground)
    for _ in range(rng.randint(5, 9)):  # buildings, people, trees: coloured shapes
        x, w, h = rng.randint(-20, SIZE[0]), rng.randint(30, 140), rng.randint(40, 170)
        colour = tuple(max(0, min(255, c + rng.randint(-60, 60))) for c in ground)
        if rng.random() < 0.5:
            d.rectangle([x, horizon - h, x + w, horizon + rng.randint(0, 40)], fill=colour)
        else:
            d.ellipse([x, horizon - h, x + w, horizon + 20], fill=colour)
    img = img.filter(ImageFilter.GaussianBlur(1.2))
    noise = Image.effect_noise(SIZE, 12).convert("RGB")
    return Image.blend(img, noise, 0.06)


def main() -> None:
    for sample, photos in PHOTOS.items():
        folder = HERE / f"{sample}_files"
        folder.mkdir(exist_ok=True)
        for name, seed, sky, ground in photos:
            random.seed(seed)  # effect_noise draws from the global generator
            scene(seed, sky, ground).save(folder / name, "JPEG", quality=82, dpi=(96, 96), optimize=True)


if __name__ == "__main__":
    main()
