#!/usr/bin/python3
"""`normscope export --session F`: a session file (written here by hand, as a lecturer's script
would) renders the tensor, layer and view it names. The numbers are PyTorch's (float64 on the same
float32 input): GroupNorm with γ/β from the session, and BatchNorm in eval mode with the session's
running statistics. A session naming a file checks the file's size and SHA-256; a changed file, a
newer session version and --session mixed with --norm are refused in one line; an unknown key is
a warning and the export goes on.
Run by CTest as: test_session_export.py /path/to/normscope
"""
import hashlib
import json
import os
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import nstest  # noqa: E402

nstest.require(modules=("numpy", "torch"))
import numpy as np  # noqa: E402
import torch  # noqa: E402

exe = os.path.abspath(sys.argv[1])
checks = nstest.Checks()


def run(*args):
    proc = subprocess.run([exe, "export", *args], capture_output=True, text=True, timeout=120)
    return proc.returncode, proc.stderr.splitlines()


def session(source, layer, gamma_beta=None, running=None, view=None, version=1, **extra):
    s = {"normscope_session": version, "source": source, "layout": "NCHW", "layer": layer}
    if gamma_beta is not None:
        s["gamma_beta"] = gamma_beta
    if running is not None:
        s["running"] = running
    if view is not None:
        s["view"] = view
    s.update(extra)
    return s


with tempfile.TemporaryDirectory() as tmp:
    p = lambda name: os.path.join(tmp, name)  # noqa: E731

    def write(name, content):
        with open(p(name), "w") as f:
            json.dump(content, f, indent=2)
        return p(name)

    # --- GroupNorm on a generator, γ = 2, β = 0.5 for every channel.
    gen = {"generator": {"kind": "channel-shift", "shape": [8, 6, 4, 4], "seed": 3, "params": {"shift": 3.0}}}
    gn = write("gn.json", session(gen, {"norm": "group", "eps": 1e-3, "groups": 3, "affine": True},
                                  gamma_beta={"gamma": 2.0, "beta": 0.5}, view={"selected_set": 5, "theme": "dark"}))
    code, err = run("--session", gn, "--data", "input", "--output", p("x.npy"))
    checks.check(code == 0, f"session input: {err}")
    code, err = run("--session", gn, "--data", "output", "--output", p("y.npy"))
    checks.check(code == 0, f"session output: {err}")
    if code == 0:
        x = torch.from_numpy(np.load(p("x.npy"))).double()
        checks.check(tuple(x.shape) == (8, 6, 4, 4), f"the session's shape: {tuple(x.shape)}")
        m = torch.nn.GroupNorm(3, 6, eps=1e-3).double()
        with torch.no_grad():
            m.weight.fill_(2.0)
            m.bias.fill_(0.5)
            expected = m(x).numpy()
        ok, why = nstest.close_to_spread(np.load(p("y.npy")), expected)
        checks.check(ok, f"GroupNorm from the session: {why}")
    # --- BatchNorm in eval mode with the session's running statistics.
    rm = [0.5, -1.0, 2.0]
    rv = [4.0, 0.25, 1.0]
    bn = write("bn.json", session(
        {"generator": {"kind": "normal", "shape": [5, 3, 6], "seed": 11}},
        {"norm": "batch", "eps": 1e-5, "momentum": None, "training": False},
        running={"mean": rm, "var": rv, "steps": 4, "steps_from_source": 4}))
    run("--session", bn, "--data", "input", "--output", p("bx.npy"))
    code, err = run("--session", bn, "--data", "output", "--output", p("by.npy"))
    checks.check(code == 0, f"eval session: {err}")
    if code == 0:
        x = torch.from_numpy(np.load(p("bx.npy"))).double()
        expected = torch.nn.functional.batch_norm(x, torch.tensor(rm, dtype=torch.float64),
                                                  torch.tensor(rv, dtype=torch.float64), training=False,
                                                  eps=1e-5).numpy()
        ok, why = nstest.close_to_spread(np.load(p("by.npy")), expected)
        checks.check(ok, f"BatchNorm eval with the session's running statistics: {why}")

    # --- A figure, in the session's theme (dark) and with --theme overriding it.
    for name, extra in (("slide_dark.png", []), ("slide_light.png", ["--theme", "light"])):
        code, err = run("--session", gn, "--figure", "slide", "--output", p(name), "--width", "800", "--height", "450",
                        *extra)
        checks.check(code == 0 and os.path.getsize(p(name)) > 1000, f"{name}: {err}")
    if all(os.path.exists(p(n)) for n in ("slide_dark.png", "slide_light.png")):
        dark = open(p("slide_dark.png"), "rb").read()
        checks.check(dark != open(p("slide_light.png"), "rb").read(), "--theme overrides the session's theme")
        if os.environ.get("NORMSCOPE_KEEP_FIGURES"):
            open(os.environ["NORMSCOPE_KEEP_FIGURES"], "wb").write(dark)

    # --- A file source: checked by size and SHA-256.
    data = np.random.default_rng(5).standard_normal((4, 6, 3, 3)).astype(np.float32)
    np.savez(p("acts.npz"), layer3=data, other=data[:2])
    raw = open(p("acts.npz"), "rb").read()
    files = {"files": [{"path": p("acts.npz") + ":layer3", "size": len(raw), "sha256": hashlib.sha256(raw).hexdigest()}]}
    fs = write("file.json", session(files, {"norm": "instance"}))
    code, err = run("--session", fs, "--data", "input", "--output", p("fx.npy"))
    checks.check(code == 0 and np.array_equal(np.load(p("fx.npy")), data), f"file session reads layer3: {err}")
    np.savez(p("acts.npz"), layer3=data * 2, other=data[:2])
    code, err = run("--session", fs, "--data", "input", "--output", p("fx2.npy"))
    checks.check(code == 1 and len(err) == 1 and "has changed since the session was saved" in err[0],
                 f"changed file: {code} {err}")
    checks.check(not os.path.exists(p("fx2.npy")), "nothing written for a changed file")

    # --- A transformer's (B, T, C) activation in a .safetensors file (written by hand: Debian has no
    # safetensors package), RMSNorm per token with eps=None and the γ slider at 1.5, as the window saves it.
    acts = np.random.default_rng(8).standard_normal((2, 12, 16)).astype(np.float32) * 2.0 + 0.7
    blob = acts.tobytes()
    header = json.dumps({"blocks.4.ln_1.input": {"dtype": "F32", "shape": [2, 12, 16],
                                                   "data_offsets": [0, len(blob)]}}).encode()
    header += b" " * (-len(header) % 8)
    raw = len(header).to_bytes(8, "little") + header + blob
    open(p("acts.safetensors"), "wb").write(raw)
    rms = session({"files": [{"path": p("acts.safetensors"), "size": len(raw),
                              "sha256": hashlib.sha256(raw).hexdigest()}]},
                  {"norm": "rms", "eps": None, "affine": True, "normalized_shape": [16]},
                  gamma_beta={"gamma": 1.5, "beta": 0.25})
    rms["layout"] = "BTC"
    rs = write("rms.json", rms)
    code, err = run("--session", rs, "--data", "output", "--output", p("ry.npy"))
    checks.check(code == 0, f"RMSNorm session: {err}")
    if code == 0:
        x = torch.from_numpy(acts.astype(np.float64))
        # PyTorch 2.4's nn.RMSNorm (Debian's 1.13 has none): no mean removed, no β (the session's
        # β is the slider's, which RMSNorm does not use), eps=None = finfo(float32).eps.
        expected = (x * torch.rsqrt(x.pow(2).mean(-1, keepdim=True) + torch.finfo(torch.float32).eps) * 1.5).numpy()
        got = np.load(p("ry.npy"))
        ok, why = nstest.close_to_spread(got, expected) if got.shape == acts.shape else (False, got.shape)
        checks.check(ok, f"RMSNorm per token from a (B, T, C) session, in the file's layout: {why}")
    code, err = run("--session", rs, "--figure", "slide", "--output", p("rms.svg"))
    checks.check(code == 0 and "RMSNorm over (C), per token" in open(p("rms.svg"), encoding="utf-8").read(),
                 f"RMSNorm slide from the session: {err}")

    # --- Versions, unknown keys, mixed options.
    newer = write("newer.json", session(gen, {"norm": "layer"}, version=2))
    code, err = run("--session", newer, "--figure", "cube", "--output", p("n.png"))
    checks.check(code == 1 and len(err) == 1 and "newer NormScope (session version 2)" in err[0], f"newer: {err}")
    extra = write("extra.json", session(gen, {"norm": "layer"}, projector="left"))
    code, err = run("--session", extra, "--data", "statistics", "--output", p("e.csv"))
    checks.check(code == 0 and any("ignored the unknown key 'projector'" in line for line in err), f"unknown: {err}")
    code, err = run("--session", gn, "--norm", "batch", "--figure", "cube", "--output", p("m.png"))
    checks.check(code != 0 and len(err) == 1 and "leave out --norm" in err[0], f"mixed: {err}")
    broken = p("broken.json")
    open(broken, "w").write('{"normscope_session": 1, "source": ')
    code, err = run("--session", broken, "--figure", "cube", "--output", p("b.png"))
    checks.check(code == 1 and len(err) == 1 and "not valid JSON" in err[0], f"broken: {err}")

sys.exit(checks.done())
