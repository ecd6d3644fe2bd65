#!/usr/bin/env python3
"""Checks a built image without a container engine: unpacks its layers into a folder, then runs its entrypoint
there under chroot (as root) with the image's environment, working directory and a command. Exits non-zero when
the image is not what the services need or the command fails.

usage: check-image.py IMAGE.tar [COMMAND ARG...]   (default command: --help)
"""
import json
import os
import subprocess
import sys
import tarfile
import tempfile


def unpack(image_tar, rootfs):
    with tarfile.open(image_tar) as image:
        manifest = json.load(image.extractfile("manifest.json"))[0]
        config = json.load(image.extractfile(manifest["Config"]))
        for name in manifest["Layers"]:
            with tarfile.open(fileobj=image.extractfile(name)) as layer:
                for member in layer.getmembers():
                    base = os.path.basename(member.name)
                    if base.startswith(".wh."):  # a whiteout: the layer deletes a file
                        target = os.path.join(rootfs, os.path.dirname(member.name), base[4:])
                        subprocess.run(["rm", "-rf", target], check=True)
                        continue
                    layer.extract(member, rootfs, set_attrs=True, filter="fully_trusted")
    return manifest, config


def main(image_tar, command):
    with tempfile.TemporaryDirectory() as rootfs:
        manifest, config = unpack(image_tar, rootfs)
        c = config["config"]
        env = dict(e.split("=", 1) for e in c["Env"])
        print("image:", manifest["RepoTags"], "entrypoint:", " ".join(c["Entrypoint"][:1] + ["..."] + c["Entrypoint"][-1:]))
        for flag in ("-Dai.djl.offline=true",):
            assert flag in c["Entrypoint"], f"{flag} missing from the entrypoint"
        assert env.get("OPT_OUT_TRACKING") == "true", "OPT_OUT_TRACKING=true missing from the environment"
        for path in ("opt/ontobridge/concepts/shapes.yaml", "opt/ontobridge/zoo/shapes-cnn/model.params",
                     "opt/ontobridge/worlds/source.yaml", "app/jib-classpath-file", "usr/bin/java"):
            assert os.path.lexists(os.path.join(rootfs, path)), f"/{path} missing from the image"
        os.makedirs(os.path.join(rootfs, "tmp"), exist_ok=True)
        os.chmod(os.path.join(rootfs, "tmp"), 0o1777)
        argv = ["chroot", rootfs, "/usr/bin/env", "-i"] + c["Env"] + ["sh", "-c", 'cd "$0" && exec "$@"',
                                                                      c.get("WorkingDir", "/")] + c["Entrypoint"] + command
        print("running:", " ".join(command))
        # As in a container, the process sees /proc (the JRE's launcher finds its libraries through it) and /dev.
        proc, dev = os.path.join(rootfs, "proc"), os.path.join(rootfs, "dev")
        os.makedirs(proc, exist_ok=True)
        os.makedirs(dev, exist_ok=True)
        subprocess.run(["mount", "-t", "proc", "proc", proc], check=True)
        subprocess.run(["mount", "--bind", "/dev", dev], check=True)
        try:
            result = subprocess.run(argv, capture_output=True, text=True, timeout=300)
        finally:
            subprocess.run(["umount", dev], check=True)
            subprocess.run(["umount", proc], check=True)
        print(result.stdout[-3000:])
        if result.returncode != 0:
            print(result.stderr[-3000:], file=sys.stderr)
            sys.exit(f"the image's entrypoint failed with exit code {result.returncode}")


if __name__ == "__main__":
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    main(sys.argv[1], sys.argv[2:] or ["--help"])
