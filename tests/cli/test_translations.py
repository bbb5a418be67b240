#!/usr/bin/python3
"""Every user-visible string has a finished Simplified Chinese translation: lupdate over the
sources into a copy of the .ts finds nothing new or unfinished, and lrelease compiles it.
Run by CTest as: test_translations.py NORMSCOPE LUPDATE LRELEASE SOURCE_DIR"""
import os
import shutil
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET

_, exe, lupdate, lrelease, source = sys.argv
ts = os.path.join(source, "resources", "translations", "normscope_zh_CN.ts")
failures = []
with tempfile.TemporaryDirectory() as tmp:
    copy = os.path.join(tmp, "normscope_zh_CN.ts")
    shutil.copy(ts, copy)
    proc = subprocess.run([lupdate, os.path.join(source, "ui"), os.path.join(source, "app"), "-no-obsolete",
                           "-locations", "none", "-ts", copy], capture_output=True, text=True)
    if proc.returncode != 0:
        failures.append(f"lupdate failed: {proc.stderr}")
    root = ET.parse(copy).getroot()
    total = 0
    for message in root.iter("message"):
        total += 1
        translation = message.find("translation")
        source_text = message.find("source").text
        if translation.get("type") in ("unfinished", "vanished", "obsolete") or not (translation.text or "").strip():
            failures.append(f"not translated: {source_text!r}")
        elif source_text.count("%") != (translation.text or "").count("%"):
            failures.append(f"placeholders differ: {source_text!r} -> {translation.text!r}")
    for term in ("批归一化", "层归一化", "实例归一化", "组归一化", "均值", "方差", "仿射变换", "动量"):
        if term not in open(ts, encoding="utf-8").read():
            failures.append(f"the translation never uses the standard term {term}")
    proc = subprocess.run([lrelease, copy, "-qm", os.path.join(tmp, "out.qm")], capture_output=True, text=True)
    if proc.returncode != 0 or "unfinished" in proc.stdout.replace(" 0 unfinished", ""):
        failures.append(f"lrelease: {proc.stdout} {proc.stderr}")
for f in failures:
    print("FAIL", f)
print(f"{total - min(total, len(failures))} passed, {len(failures)} failed")
sys.exit(1 if failures else 0)
