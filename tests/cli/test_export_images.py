#!/usr/bin/python3
"""`normscope export --figure images` as a lecture build script uses it: a batch of photos given as
repeated --input, every format, both themes and languages, the captions that say how values became
pixels kept as text, and clear refusals (no pictures in (N, C) data, images of different sizes)
that write nothing."""
import os
import struct
import subprocess
import sys
import tempfile
import zlib

exe = sys.argv[1]
failures = []
checks = 0


def run(*args):
    return subprocess.run([exe, "export", *args], capture_output=True, text=True)


def write_png(path, width, height, pixel, grey=False):
    """A PNG without any imaging library: 8-bit RGB (colour type 2) or grey (type 0)."""
    rows = b""
    for y in range(height):
        rows += b"\x00" + b"".join(bytes(pixel(x, y)) for x in range(width))

    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    header = struct.pack(">IIBBBBB", width, height, 8, 0 if grey else 2, 0, 0, 0)
    with open(path, "wb") as f:
        f.write(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b""))


def png_size(path):
    with open(path, "rb") as f:
        head = f.read(24)
    assert head[:8] == b"\x89PNG\r\n\x1a\n"
    return struct.unpack(">II", head[16:24])


def png_pixels(path):
    """Decodes an 8-bit RGB or RGBA PNG (as Qt writes figures) into rows of (r, g, b) tuples."""
    data = open(path, "rb").read()
    pos, idat, width, height, kind = 8, b"", 0, 0, 0
    while pos < len(data):
        length, tag = struct.unpack(">I4s", data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + length]
        if tag == b"IHDR":
            width, height, depth, kind = struct.unpack(">IIBB", body[:10])
            assert depth == 8 and kind in (2, 6), (depth, kind)
        elif tag == b"IDAT":
            idat += body
        pos += 12 + length
    step = 3 if kind == 2 else 4
    raw = zlib.decompress(idat)
    stride = width * step
    rows, previous = [], bytearray(stride)
    for y in range(height):
        f = raw[y * (stride + 1)]
        line = bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
        for i in range(stride):
            a = line[i - step] if i >= step else 0
            b = previous[i]
            c = previous[i - step] if i >= step else 0
            if f == 1:
                line[i] = (line[i] + a) & 255
            elif f == 2:
                line[i] = (line[i] + b) & 255
            elif f == 3:
                line[i] = (line[i] + (a + b) // 2) & 255
            elif f == 4:
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                line[i] = (line[i] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
        rows.append([tuple(line[x * step:x * step + 3]) for x in range(width)])
        previous = line
    return rows


def svg_text(path):
    import xml.etree.ElementTree as ET
    texts = [e.text or "" for e in ET.parse(path).iter() if e.tag.endswith("text")]
    return " ".join(" ".join(texts).split())


with tempfile.TemporaryDirectory() as tmp:
    warm = os.path.join(tmp, "warm.png")
    cold = os.path.join(tmp, "cold.png")
    write_png(warm, 24, 16, lambda x, y: (min(255, 150 + 4 * x), 90 + 2 * y, 40 + x))
    write_png(cold, 24, 16, lambda x, y: (40 + x, 90 + 2 * y, min(255, 150 + 4 * x)))
    photos = ["--input", warm, "--input", cold]

    expected = {
        "en": ["InstanceNorm on 2 images: before and after", "Before", "After", "warm.png", "cold.png",
               "the images as read (pixel = value × 255)", "one fixed map", "±42.5 levels",
               "what the norm left", "mean colour"],
        "zh_CN": ["实例归一化 (IN) 作用于 2 幅图像", "归一化前", "归一化后", "warm.png", "固定映射", "平均颜色"],
    }
    for theme, lang in (("light", "en"), ("dark", "zh_CN"), ("dark", "en"), ("light", "zh_CN")):
        for suffix in ("png", "svg", "pdf"):
            out = os.path.join(tmp, f"images_{theme}_{lang}.{suffix}")
            proc = run("--norm", "instance", *photos, "--figure", "images", "--output", out, "--width", "1280",
                       "--height", "720", "--theme", theme, "--lang", lang)
            checks += 1
            if proc.returncode != 0 or not os.path.exists(out):
                failures.append(f"{out}: exit {proc.returncode} {proc.stderr.strip()}")
                continue
            data = open(out, "rb").read()
            if suffix == "png" and png_size(out) != (1280, 720):
                failures.append(f"{out}: PNG is {png_size(out)}, asked 1280x720")
            if suffix == "pdf" and not data.startswith(b"%PDF"):
                failures.append(f"{out}: not a PDF")
            if suffix == "svg":
                # Chinese and Latin runs are separate text elements: compare without spaces.
                text = "".join(svg_text(out).split())
                for words in expected[lang]:
                    if "".join(words.split()) not in text:
                        failures.append(f"{out}: the SVG text lacks {words!r}: {text[:300]!r}")

    # Grey photos read as 0–255, under BatchNorm: the caption says pixel = value.
    grey = [os.path.join(tmp, f"grey{i}.png") for i in range(3)]
    for i, path in enumerate(grey):
        write_png(path, 10, 8, lambda x, y, i=i: (20 * i + 5 * x + y,), grey=True)
    out = os.path.join(tmp, "grey.svg")
    args = ["--norm", "batch", "--image-values", "0-255", "--figure", "images", "--output", out]
    for path in grey:
        args += ["--input", path]
    proc = run(*args)
    checks += 1
    if proc.returncode != 0:
        failures.append(f"grey photos: exit {proc.returncode} {proc.stderr.strip()}")
    elif "(pixel = value)" not in svg_text(out) or "BatchNorm on 3 images" not in svg_text(out):
        failures.append(f"grey photos: {svg_text(out)[:300]!r}")

    # Flat photos, one grey level each: before, every pixel of a picture is exactly its level, read as
    # 0–1 or as 0–255 alike; after InstanceNorm (zero variance, eps > 0) every value is 0, mid grey 128.
    flat = [os.path.join(tmp, f"flat{i}.png") for i in range(2)]
    for path, level in zip(flat, (200, 60)):
        write_png(path, 12, 9, lambda x, y, level=level: (level, level, level))
    for values in ("0-1", "0-255"):
        out = os.path.join(tmp, f"flat_{values}.png")
        proc = run("--norm", "instance", "--input", flat[0], "--input", flat[1], "--image-values", values,
                   "--figure", "images", "--output", out, "--width", "640", "--height", "360")
        checks += 1
        if proc.returncode != 0:
            failures.append(f"flat photos {values}: exit {proc.returncode} {proc.stderr.strip()}")
            continue
        counts = {}
        for row in png_pixels(out):
            for p in row:
                counts[p] = counts.get(p, 0) + 1
        # Each of the four pictures is about 100×75 pixels at this size: thousands of pixels each.
        for level in (200, 60, 128):
            if counts.get((level, level, level), 0) < 2000:
                failures.append(f"flat photos {values}: only {counts.get((level, level, level), 0)} pixels of "
                                f"grey {level}")

    # A generated (N, C, H, W) tensor draws each channel as a grey tile, its min and max named.
    out = os.path.join(tmp, "generated.svg")
    proc = run("--norm", "batch", "--generate", "channel-shift", "--shape", "4,6,8,8", "--figure", "images",
               "--output", out)
    checks += 1
    if proc.returncode != 0:
        failures.append(f"generated: exit {proc.returncode} {proc.stderr.strip()}")
    else:
        text = svg_text(out)
        for words in ("the tensor as pictures", "one linear map for the whole input", "grey tile", "c=0"):
            if words not in text:
                failures.append(f"generated: the SVG text lacks {words!r}")

    small = os.path.join(tmp, "small.png")
    write_png(small, 5, 5, lambda x, y: (x, y, 0))
    existing = os.path.join(tmp, "keep.png")
    with open(existing, "wb") as f:
        f.write(b"previous")
    bad = [
        (["--norm", "batch", "--generate", "normal", "--shape", "8,6", "--figure", "images"], "(N, C, H, W)"),
        (["--norm", "batch", "--generate", "normal", "--shape", "8,6,5", "--figure", "images"], "(N, C, H, W)"),
        (["--norm", "batch", "--input", warm, "--input", small, "--figure", "images"], "differ in size"),
        (["--norm", "batch", "--input", warm, "--image-values", "0-100", "--figure", "images"], "image-values"),
        (["--norm", "batch", "--input", warm, "--input", os.path.join(tmp, "x.npy"), "--figure", "images"], "x.npy"),
        (["--norm", "batch", "--input", os.path.join(tmp, "missing.png"), "--figure", "images"], "missing.png"),
    ]
    for args, word in bad:
        for out in (existing, os.path.join(tmp, "new.png")):
            proc = run(*args, "--output", out)
            checks += 1
            lines = proc.stderr.strip().splitlines()
            if not (1 <= proc.returncode <= 127) or len(lines) != 1 or word.lower() not in lines[0].lower():
                failures.append(f"{args}: exit {proc.returncode}, stderr {proc.stderr!r}")
            if out == existing and open(existing, "rb").read() != b"previous":
                failures.append(f"{args}: changed the existing file")
            if out != existing and os.path.exists(out):
                failures.append(f"{args}: wrote {out}")

    helptext = run("--help").stdout
    checks += 1
    for word in ("images", "--image-values", "0-255"):
        if word not in helptext:
            failures.append(f"export --help does not mention {word}")

for f in failures:
    print("FAIL", f)
print(f"{checks - min(checks, len(failures))} passed, {len(failures)} failed")
sys.exit(1 if failures else 0)
