"""Generate the binary images of the sample pages (deterministic: fixed seeds, no clock).

Run from the repository root:  .venv/bin/python samples/make_photos.py

Writes
  samples/vn-portal-news_files/hoicho-ocop-2024-0[1-5].jpg   five article photos (800x533, 96 dpi)
  samples/vn-portal-news_files/logo.png, blank.gif, manageperm.gif, versions.gif   page chrome
  samples/sp2013-publishing-page_files/berth7-shore-power.jpg, berth7-substation.jpg   article photos
  samples/sp2013-publishing-page_files/siteicon.png, blank.gif   page chrome

The photos are drawn scenes (sky, ground, shapes) softened with blur, grain and a vignette so
that they compress like photographs (roughly 30-80 KB each).
"""

from __future__ import annotations

import random
from collections.abc import Callable
from pathlib import Path

from PIL import Image, ImageChops, ImageDraw, ImageFilter

HERE = Path(__file__).resolve().parent
VN_DIR = HERE / "vn-portal-news_files"
SP_DIR = HERE / "sp2013-publishing-page_files"
SIZE = (800, 533)
DPI = (96, 96)

RGB = tuple[int, int, int]


def lerp(a: RGB, b: RGB, t: float) -> RGB:
    return (int(a[0] + (b[0] - a[0]) * t), int(a[1] + (b[1] - a[1]) * t), int(a[2] + (b[2] - a[2]) * t))


def vertical_gradient(img: Image.Image, box: tuple[int, int, int, int], top: RGB, bottom: RGB) -> None:
    d = ImageDraw.Draw(img)
    x0, y0, x1, y1 = box
    h = max(1, y1 - y0)
    for y in range(y0, y1):
        d.line([(x0, y), (x1, y)], fill=lerp(top, bottom, (y - y0) / h))


def jitter(rng: random.Random, c: RGB, amount: int = 18) -> RGB:
    return tuple(max(0, min(255, v + rng.randint(-amount, amount))) for v in c)  # type: ignore[return-value]


def person(d: ImageDraw.ImageDraw, rng: random.Random, x: int, base: int, scale: float, shirt: RGB) -> None:
    """A standing figure seen from a distance: head, torso, legs."""
    h = int(120 * scale)
    w = int(34 * scale)
    head = int(15 * scale)
    skin = jitter(rng, (196, 150, 118), 20)
    hair = jitter(rng, (30, 26, 24), 8)
    d.rectangle([x - w // 4, base - h // 2, x - 2, base], fill=jitter(rng, (40, 42, 60), 15))
    d.rectangle([x + 2, base - h // 2, x + w // 4, base], fill=jitter(rng, (40, 42, 60), 15))
    torso = [x - w // 2, base - h + head * 2, x + w // 2, base - h // 2 + 6]
    d.rounded_rectangle(torso, radius=max(2, w // 5), fill=shirt)
    d.ellipse([x - head, base - h, x + head, base - h + head * 2], fill=skin)
    d.chord([x - head, base - h - 2, x + head, base - h + head * 2 - 4], 180, 360, fill=hair)


def crowd(d: ImageDraw.ImageDraw, rng: random.Random, n: int, y_range: tuple[int, int],
          palette: list[RGB], scale: tuple[float, float] = (0.7, 1.2)) -> None:
    people = []
    for _ in range(n):
        base = rng.randint(*y_range)
        people.append((base, rng.randint(-20, SIZE[0] + 20)))
    for base, x in sorted(people):  # far (higher on the image) first
        t = (base - y_range[0]) / max(1, y_range[1] - y_range[0])
        s = scale[0] + (scale[1] - scale[0]) * t
        person(d, rng, x, base, s, jitter(rng, rng.choice(palette), 22))


def tent(d: ImageDraw.ImageDraw, x: int, base: int, w: int, h: int, roof: RGB, wall: RGB) -> None:
    d.rectangle([x, base - h, x + w, base], fill=wall)
    d.polygon([(x - 6, base - h), (x + w // 2, base - h - h // 3), (x + w + 6, base - h)], fill=roof)
    d.rectangle([x + 4, base - h + 8, x + w - 4, base - h + 20], fill=lerp(roof, (255, 255, 255), 0.3))


def finish(img: Image.Image, seed: int, grain: int = 14, blur: float = 1.1) -> Image.Image:
    """Soften, add film grain and a vignette."""
    rng = random.Random(seed * 7919)
    img = img.filter(ImageFilter.GaussianBlur(blur))
    noise = Image.frombytes("L", img.size, rng.randbytes(img.size[0] * img.size[1]))
    noise = noise.filter(ImageFilter.GaussianBlur(0.6))
    noise_rgb = Image.merge("RGB", (noise, noise, noise))
    grey = Image.new("RGB", img.size, (128, 128, 128))
    # img + (noise - 128) * grain/128
    delta = ImageChops.subtract(noise_rgb, grey, scale=128 / grain, offset=128)
    img = ImageChops.add(img, delta, scale=1.0, offset=-128)
    mask = Image.new("L", img.size, 0)
    md = ImageDraw.Draw(mask)
    w, h = img.size
    for i in range(40):
        shade = int(90 * (1 - i / 40))
        ring = [-w * 0.25 + i * 6, -h * 0.3 + i * 4, w * 1.25 - i * 6, h * 1.3 - i * 4]
        md.ellipse(ring, outline=shade, width=8)
    mask = mask.filter(ImageFilter.GaussianBlur(40))
    dark = Image.new("RGB", img.size, (10, 10, 14))
    return Image.composite(dark, img, mask)


# --- the Vietnamese fair ---------------------------------------------------------------------

def vn_opening(rng: random.Random) -> Image.Image:
    img = Image.new("RGB", SIZE)
    vertical_gradient(img, (0, 0, 800, 300), (120, 170, 220), (205, 225, 240))
    vertical_gradient(img, (0, 300, 800, 533), (150, 140, 130), (95, 88, 82))
    d = ImageDraw.Draw(img)
    d.rectangle([90, 60, 710, 290], fill=(178, 28, 32))           # stage backdrop
    d.rectangle([90, 60, 710, 110], fill=(200, 40, 40))
    for i in range(6):                                             # title lines on the backdrop
        y = 130 + i * 22
        d.rectangle([150 + (i % 2) * 40, y, 650 - (i % 3) * 30, y + 10], fill=(250, 214, 70))
    d.ellipse([370, 68, 430, 102], fill=(250, 214, 70))
    d.rectangle([60, 290, 740, 330], fill=(120, 36, 36))          # stage floor
    for x in range(60, 740, 40):                                   # flower pots along the stage
        d.ellipse([x, 300, x + 34, 334], fill=jitter(rng, (214, 160, 40), 30))
        d.ellipse([x + 8, 288, x + 26, 306], fill=jitter(rng, (60, 130, 60), 20))
    d.rectangle([150, 210, 650, 226], fill=(230, 60, 60))         # opening ribbon
    for x in range(200, 620, 70):
        person(d, rng, x, 300, 0.95, jitter(rng, (235, 235, 235), 10))
    crowd(d, rng, 26, (420, 560), [(40, 60, 110), (235, 235, 240), (150, 40, 40), (60, 90, 60)], (1.0, 1.4))
    return img


def vn_booths(rng: random.Random) -> Image.Image:
    img = Image.new("RGB", SIZE)
    vertical_gradient(img, (0, 0, 800, 240), (110, 160, 215), (220, 230, 238))
    vertical_gradient(img, (0, 240, 800, 533), (170, 165, 158), (120, 116, 110))
    d = ImageDraw.Draw(img)
    for i in range(9):                                             # distant trees
        x = i * 95 + rng.randint(-10, 10)
        d.ellipse([x, 150, x + 110, 250], fill=jitter(rng, (70, 120, 70), 15))
    for row, (base, w, h) in enumerate([(300, 70, 50), (350, 100, 70), (430, 150, 100)]):
        x = -40 + row * 25
        while x < 820:
            roof = (240, 240, 245) if rng.random() < 0.6 else jitter(rng, (40, 90, 170), 10)
            tent(d, x, base, w, h, roof, jitter(rng, (225, 225, 220), 12))
            for _ in range(4):                                     # goods on the counter
                gx = x + rng.randint(6, max(7, w - 16))
                d.rectangle([gx, base - h // 3, gx + 10, base - 6], fill=jitter(rng, (170, 110, 50), 60))
            x += w + 18
    crowd(d, rng, 22, (440, 560), [(200, 60, 60), (40, 60, 120), (240, 240, 240), (90, 140, 90)], (0.9, 1.3))
    return img


def vn_coffee(rng: random.Random) -> Image.Image:
    img = Image.new("RGB", SIZE)
    vertical_gradient(img, (0, 0, 800, 533), (120, 84, 52), (70, 46, 28))
    d = ImageDraw.Draw(img)
    for shelf in range(3):                                         # shelves with jars and bags
        y = 70 + shelf * 95
        d.rectangle([40, y + 70, 760, y + 80], fill=(150, 110, 70))
        x = 50
        while x < 740:
            w = rng.randint(28, 48)
            h = rng.randint(40, 66)
            c = rng.choice([(196, 140, 60), (90, 52, 30), (230, 210, 170), (60, 110, 60)])
            d.rectangle([x, y + 70 - h, x + w, y + 70], fill=jitter(rng, c, 20))
            label = [x + 4, y + 70 - h + 12, x + w - 4, y + 70 - h + 26]
            d.rectangle(label, fill=jitter(rng, (240, 232, 200), 10))
            x += w + rng.randint(4, 12)
    d.rectangle([0, 360, 800, 533], fill=(150, 104, 62))          # counter
    for _ in range(60):                                            # coffee beans in trays
        x, y = rng.randint(60, 740), rng.randint(380, 500)
        d.ellipse([x, y, x + 14, y + 10], fill=jitter(rng, (70, 40, 22), 12))
    for x in (120, 330, 560):
        d.ellipse([x, 372, x + 150, 432], fill=(205, 180, 140))
        for _ in range(70):
            bx, by = x + rng.randint(10, 130), 380 + rng.randint(4, 40)
            d.ellipse([bx, by, bx + 9, by + 6], fill=jitter(rng, (92, 54, 28), 15))
    person(d, rng, 640, 470, 1.8, (235, 235, 235))
    person(d, rng, 120, 520, 2.0, (200, 50, 50))
    return img


def vn_fruit(rng: random.Random) -> Image.Image:
    img = Image.new("RGB", SIZE)
    vertical_gradient(img, (0, 0, 800, 533), (235, 230, 210), (190, 170, 130))
    d = ImageDraw.Draw(img)
    for bx, by, kind in [(30, 260, 0), (290, 230, 1), (540, 270, 2), (160, 400, 2), (430, 410, 0)]:
        d.ellipse([bx, by + 60, bx + 250, by + 160], fill=(150, 100, 50))      # basket
        for _ in range(26):
            r = rng.randint(20, 30) if kind == 0 else rng.randint(14, 20)
            x, y = bx + rng.randint(10, 220), by + rng.randint(20, 110)
            base = [(110, 170, 60), (60, 100, 40), (240, 180, 50)][kind]
            c = jitter(rng, base, 22)
            d.ellipse([x - r, y - r, x + r, y + r], fill=c)
            d.ellipse([x - r // 2, y - r // 2, x, y], fill=lerp(c, (255, 255, 230), 0.35))
    for i in range(5):                                             # price tags
        x = 60 + i * 150
        d.rectangle([x, 40, x + 90, 90], fill=(250, 250, 245), outline=(200, 40, 40), width=3)
        d.rectangle([x + 12, 56, x + 78, 64], fill=(200, 40, 40))
    return img


def vn_livestream(rng: random.Random) -> Image.Image:
    img = Image.new("RGB", SIZE)
    vertical_gradient(img, (0, 0, 800, 533), (60, 80, 120), (30, 36, 50))
    d = ImageDraw.Draw(img)
    for i in range(7):                                             # booth banners behind
        x = i * 120
        banner = rng.choice([(200, 40, 40), (40, 120, 190), (230, 190, 50)])
        d.rectangle([x, 40, x + 100, 260], fill=jitter(rng, banner, 20))
    d.rectangle([0, 380, 800, 533], fill=(170, 130, 90))          # table
    for _ in range(12):
        x = rng.randint(40, 740)
        d.rectangle([x, 330, x + 34, 384], fill=jitter(rng, (210, 160, 70), 40))
    d.ellipse([470, 120, 650, 300], outline=(250, 250, 240), width=14)  # ring light
    d.line([(560, 300), (560, 520)], fill=(20, 20, 20), width=6)        # tripod
    d.line([(560, 520), (500, 533)], fill=(20, 20, 20), width=5)
    d.line([(560, 520), (620, 533)], fill=(20, 20, 20), width=5)
    d.rounded_rectangle([538, 170, 582, 250], radius=8, fill=(15, 15, 18))  # phone
    d.rectangle([542, 178, 578, 242], fill=(120, 170, 220))
    person(d, rng, 250, 470, 2.6, (236, 236, 236))
    person(d, rng, 380, 480, 2.3, (44, 110, 60))
    return img


# --- the English port -------------------------------------------------------------------------

def sp_shore_power(rng: random.Random) -> Image.Image:
    img = Image.new("RGB", SIZE)
    vertical_gradient(img, (0, 0, 800, 300), (150, 180, 210), (225, 228, 230))
    vertical_gradient(img, (0, 300, 800, 400), (60, 90, 110), (40, 64, 80))
    vertical_gradient(img, (0, 400, 800, 533), (130, 130, 128), (96, 96, 94))
    d = ImageDraw.Draw(img)
    d.polygon([(40, 300), (760, 300), (730, 380), (70, 380)], fill=(30, 50, 90))      # hull
    d.rectangle([40, 290, 760, 304], fill=(170, 40, 30))
    d.rectangle([520, 170, 700, 292], fill=(238, 238, 236))                           # superstructure
    for r in range(3):
        for c in range(8):
            d.rectangle([530 + c * 21, 180 + r * 30, 544 + c * 21, 196 + r * 30], fill=(60, 80, 100))
    d.rectangle([600, 120, 640, 170], fill=(60, 60, 66))                              # funnel
    for x in (90, 250, 410):                                                          # containers
        for y in (250, 270):
            box = rng.choice([(180, 60, 40), (40, 100, 160), (60, 130, 80)])
            d.rectangle([x, y, x + 150, y + 20], fill=jitter(rng, box, 20))
    for cx in (150, 430):                                                             # cranes
        d.rectangle([cx, 60, cx + 16, 420], fill=(210, 160, 40))
        d.rectangle([cx + 80, 60, cx + 96, 420], fill=(210, 160, 40))
        d.rectangle([cx - 60, 60, cx + 200, 80], fill=(210, 160, 40))
    d.rectangle([300, 410, 420, 480], fill=(60, 110, 70))                             # connection cabinet
    d.rectangle([312, 420, 408, 440], fill=(235, 235, 230))
    d.arc([330, 300, 520, 470], 200, 350, fill=(20, 20, 20), width=9)                 # cable
    person(d, rng, 470, 500, 1.0, (250, 130, 30))
    return img


def sp_substation(rng: random.Random) -> Image.Image:
    img = Image.new("RGB", SIZE)
    vertical_gradient(img, (0, 0, 800, 330), (170, 190, 215), (232, 234, 236))
    vertical_gradient(img, (0, 330, 800, 533), (140, 138, 132), (100, 98, 94))
    d = ImageDraw.Draw(img)
    for i in range(4):                                                                # transformer housings
        x = 60 + i * 180
        d.rectangle([x, 220, x + 140, 380], fill=jitter(rng, (150, 156, 160), 10))
        for f in range(8):
            d.rectangle([x + 8 + f * 16, 236, x + 16 + f * 16, 366], fill=(120, 126, 130))
        d.rectangle([x + 40, 190, x + 100, 220], fill=(90, 96, 100))
    for x in range(0, 800, 14):                                                       # fence
        d.line([(x, 400), (x, 470)], fill=(70, 74, 78), width=2)
    d.line([(0, 400), (800, 400)], fill=(70, 74, 78), width=3)
    d.line([(0, 470), (800, 470)], fill=(70, 74, 78), width=3)
    d.rectangle([320, 420, 480, 452], fill=(240, 200, 40))                            # warning sign
    return img


def write_photo(path: Path, scene: Callable[[random.Random], Image.Image], seed: int) -> None:
    img = finish(scene(random.Random(seed)), seed)
    img.save(path, "JPEG", quality=82, dpi=DPI, optimize=True)


def write_chrome() -> None:
    # 1x1 transparent GIF, as _layouts/images/blank.gif
    for folder in (VN_DIR, SP_DIR):
        g = Image.new("P", (1, 1), 0)
        g.putpalette([255, 255, 255] + [0, 0, 0] * 255)
        g.save(folder / "blank.gif", transparency=0)
    # portal banner logo
    logo = Image.new("RGB", (320, 90), (180, 24, 28))
    d = ImageDraw.Draw(logo)
    d.ellipse([10, 5, 90, 85], fill=(250, 214, 70))
    star = [(50, 18), (58, 40), (82, 40), (62, 54), (70, 76),
            (50, 62), (30, 76), (38, 54), (18, 40), (42, 40)]
    d.polygon(star, fill=(180, 24, 28))
    for i, w in enumerate((200, 170, 120)):
        d.rectangle([104, 20 + i * 20, 104 + w, 30 + i * 20], fill=(250, 214, 70))
    logo.save(VN_DIR / "logo.png", dpi=DPI)
    # list-form toolbar icons (16x16)
    icon = Image.new("RGB", (16, 16), (255, 255, 255))
    d = ImageDraw.Draw(icon)
    d.ellipse([3, 1, 10, 8], fill=(200, 150, 60))
    d.rectangle([2, 9, 11, 14], fill=(60, 100, 170))
    d.rectangle([11, 6, 14, 14], fill=(220, 180, 40))
    icon.save(VN_DIR / "manageperm.gif")
    icon = Image.new("RGB", (16, 16), (255, 255, 255))
    d = ImageDraw.Draw(icon)
    for i in range(3):
        page = [2 + i * 3, 2 + i * 3, 9 + i * 3, 9 + i * 3]
        d.rectangle(page, fill=(250, 250, 250), outline=(70, 110, 170))
    icon.save(VN_DIR / "versions.gif")
    # SharePoint 2013 site icon
    site = Image.new("RGB", (180, 64), (14, 58, 102))
    d = ImageDraw.Draw(site)
    d.polygon([(12, 50), (40, 12), (68, 50)], fill=(240, 240, 240))
    d.rectangle([12, 50, 68, 54], fill=(90, 170, 220))
    d.rectangle([80, 18, 168, 28], fill=(240, 240, 240))
    d.rectangle([80, 36, 140, 44], fill=(90, 170, 220))
    site.save(SP_DIR / "siteicon.png", dpi=DPI)


def main() -> None:
    VN_DIR.mkdir(exist_ok=True)
    SP_DIR.mkdir(exist_ok=True)
    for n, scene in enumerate((vn_opening, vn_booths, vn_coffee, vn_fruit, vn_livestream), start=1):
        write_photo(VN_DIR / f"hoicho-ocop-2024-{n:02d}.jpg", scene, 1000 + n)
    write_photo(SP_DIR / "berth7-shore-power.jpg", sp_shore_power, 2001)
    write_photo(SP_DIR / "berth7-substation.jpg", sp_substation, 2002)
    write_chrome()


if __name__ == "__main__":
    main()
