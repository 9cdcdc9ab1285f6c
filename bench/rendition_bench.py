"""Rendition throughput and peak memory for a 12-megapixel JPEG (4000 × 3000), printed, never asserted.

Run: .venv/bin/python bench/rendition_bench.py [rounds]

Measures the image work of one rendition (open the stored original, decode, crop
around the focal point, resize, encode) for every spec the templates use, in
WebP and JPEG. Storage and database time are not included.

Each spec runs in a fresh process, so its memory figure is its own: how far the
process's resident set rose above what it held before the rendition (peak
``VmHWM`` minus ``VmRSS``; Linux). Pillow's pixel buffers are not Python
objects, so ``tracemalloc`` would not see them. That is the memory one
rendition request needs on top of a running server.
"""

import io
import os
import re
import statistics
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from multiprocessing import get_context
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
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


def resident_kib(field):
    """``VmRSS`` (now) or ``VmHWM`` (peak since the last reset) of this process in KiB; ``None`` off Linux."""
    try:
        with open("/proc/self/status") as status:
            return int(re.search(rf"{field}:\s+(\d+)", status.read())[1])
    except (OSError, TypeError):
        return None


def reset_peak():
    try:
        with open("/proc/self/clear_refs", "w") as clear_refs:
            clear_refs.write("5")
        return True
    except OSError:
        return False


def measure(data, fmt, crop, width, rounds):
    """Run in a fresh process: (median seconds, peak MB above the process's resident set before, or None)."""
    base = resident_kib("VmRSS")
    measured = base is not None and reset_peak()
    timings = []
    for _ in range(rounds):
        start = time.perf_counter()
        with PILImage.open(io.BytesIO(data)) as source:
            render(source, crop=crop, width=width, fmt=fmt, focal_x=0.3, focal_y=0.4)
        timings.append(time.perf_counter() - start)
    peak = (resident_kib("VmHWM") - base) / 1024 if measured else None
    return statistics.median(timings), peak


def main():
    rounds = int(sys.argv[1]) if len(sys.argv) > 1 else 1
    data = twelve_megapixel_jpeg()
    print(f"source: 4000 × 3000 JPEG, {len(data) / 1_048_576:.1f} MB; {rounds} round(s); one process per spec")
    print(f"{'format':<6} {'crop':<5} {'width':>5}  {'ms/rendition':>12}  {'peak MB':>8}")
    totals, peaks = {}, {}
    with ProcessPoolExecutor(max_workers=1, mp_context=get_context("spawn"), max_tasks_per_child=1) as pool:
        for fmt in ("webp", "jpeg"):
            for crop in CROPS:
                for width in WIDTHS:
                    median, peak = pool.submit(measure, data, fmt, crop, width, rounds).result()
                    totals.setdefault(fmt, []).append(median)
                    peaks.setdefault(fmt, []).append(peak)
                    shown = f"{peak:>8.1f}" if peak is not None else f"{'n/a':>8}"
                    print(f"{fmt:<6} {crop:<5} {width:>5}  {median * 1000:>12.1f}  {shown}")
    for fmt, timings in totals.items():
        known = [peak for peak in peaks[fmt] if peak is not None]
        memory = ""
        if known:
            memory = f"; peak memory {max(known):.0f} MB (worst spec), {statistics.median(known):.0f} MB (median)"
        print(f"{fmt}: {len(timings) / sum(timings):.2f} renditions/s (one core, all {len(timings)} specs){memory}")
    everything = [t for timings in totals.values() for t in timings]
    print(f"overall: {len(everything) / sum(everything):.2f} renditions/s")


if __name__ == "__main__":
    main()
