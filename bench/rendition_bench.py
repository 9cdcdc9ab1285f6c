"""Rendition throughput for a 12-megapixel JPEG (4000 × 3000), printed, never asserted.

Run: .venv/bin/python bench/rendition_bench.py [rounds]

Measures the image work of one rendition (open the stored original, decode, crop
around the focal point, resize, encode) for every spec the templates use, in
WebP and JPEG. Storage and database time are not included.
"""

import io
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import os  # noqa: E402

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings_test")

import django  # noqa: E402

django.setup()

from PIL import Image as PILImage  # noqa: E402

from articles.images import CROPS, WIDTHS, render  # noqa: E402


def twelve_megapixel_jpeg():
    """A photo-like test picture: smooth gradients plus noise, so the encoder has real work to do."""
    width, height = 4000, 3000
    gradient = PILImage.linear_gradient("L").resize((width, height))
    noise = PILImage.effect_noise((width, height), 40)
    picture = PILImage.merge("RGB", (gradient, noise, gradient.rotate(90).resize((width, height))))
    buffer = io.BytesIO()
    picture.save(buffer, format="JPEG", quality=90)
    return buffer.getvalue()


def main():
    rounds = int(sys.argv[1]) if len(sys.argv) > 1 else 1
    data = twelve_megapixel_jpeg()
    print(f"source: 4000 × 3000 JPEG, {len(data) / 1_048_576:.1f} MB; {rounds} round(s)")
    print(f"{'format':<6} {'crop':<5} {'width':>5}  {'ms/rendition':>12}")
    totals = {}
    for fmt in ("webp", "jpeg"):
        for crop in CROPS:
            for width in WIDTHS:
                timings = []
                for _ in range(rounds):
                    start = time.perf_counter()
                    with PILImage.open(io.BytesIO(data)) as source:
                        render(source, crop=crop, width=width, fmt=fmt, focal_x=0.3, focal_y=0.4)
                    timings.append(time.perf_counter() - start)
                median = statistics.median(timings)
                totals.setdefault(fmt, []).append(median)
                print(f"{fmt:<6} {crop:<5} {width:>5}  {median * 1000:>12.1f}")
    for fmt, timings in totals.items():
        print(f"{fmt}: {len(timings) / sum(timings):.2f} renditions/s (one core, all {len(timings)} specs)")
    everything = [t for timings in totals.values() for t in timings]
    print(f"overall: {len(everything) / sum(everything):.2f} renditions/s")


if __name__ == "__main__":
    main()
