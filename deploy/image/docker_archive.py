#!/usr/bin/env python3
"""Packs a root filesystem folder as a one-layer image in the docker-archive format (what `docker save` writes and
`docker load`, Jib's tar:// base images and most registries' tools read).

usage: docker_archive.py ROOTFS OUT.tar TAG
"""
import hashlib
import io
import json
import os
import sys
import tarfile
import tempfile

ENV = ["PATH=/usr/lib/jvm/java-17-openjdk-amd64/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
       "JAVA_HOME=/usr/lib/jvm/java-17-openjdk-amd64", "LANG=C.UTF-8"]
# The JRE first on PATH: its launcher finds its libraries relative to where it was started from.
# Left empty in the image: the container runtime mounts these.
EMPTY = ("dev", "proc", "sys", "run", "tmp")


def layer(rootfs, out):
    def keep(info):
        top = info.name.split("/", 1)
        if len(top) == 2 and top[0] in EMPTY:
            return None
        info.uid = info.gid = 0
        info.uname = info.gname = "root"
        return info
    with tarfile.open(out, "w", format=tarfile.PAX_FORMAT) as tar:
        for name in sorted(os.listdir(rootfs)):
            tar.add(os.path.join(rootfs, name), arcname=name, filter=keep)


def sha256(path):
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def main(rootfs, out, tag):
    with tempfile.TemporaryDirectory() as work:
        layer_path = os.path.join(work, "layer.tar")
        layer(rootfs, layer_path)
        diff_id = sha256(layer_path)
        config = json.dumps({
            "architecture": "amd64", "os": "linux",
            "config": {"Env": ENV, "Cmd": ["/bin/bash"]},
            "rootfs": {"type": "layers", "diff_ids": ["sha256:" + diff_id]},
            "history": [{"created_by": "debootstrap --variant=minbase --include=openjdk-17-jre-headless bookworm"}],
        }, sort_keys=True).encode()
        config_name = hashlib.sha256(config).hexdigest() + ".json"
        manifest = json.dumps([{"Config": config_name, "RepoTags": [tag],
                                "Layers": [diff_id + "/layer.tar"]}]).encode()
        with tarfile.open(out, "w") as tar:
            tar.add(layer_path, arcname=diff_id + "/layer.tar")
            for name, data in ((config_name, config), ("manifest.json", manifest)):
                info = tarfile.TarInfo(name)
                info.size = len(data)
                tar.addfile(info, io.BytesIO(data))
    print(f"{out}: {tag}, one layer sha256:{diff_id[:12]}, {os.path.getsize(out) // (1 << 20)} MB")


if __name__ == "__main__":
    if len(sys.argv) != 4:
        sys.exit(__doc__)
    main(*sys.argv[1:])
