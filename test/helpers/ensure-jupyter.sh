#!/usr/bin/env bash
# Makes sure Debian's jupyter-nbconvert (and IPython, which tslab install and nbconvert import) are
# present for test/notebooks/nbconvert.test.ts, so `npm ci && npm test` passes on a fresh machine.
# Installs them with apt-get when missing and running as root; otherwise says what to install.
set -euo pipefail
if /usr/bin/python3 -c 'import nbconvert, nbclient, IPython' >/dev/null 2>&1 && [ -x /usr/bin/jupyter-nbconvert ]; then
  exit 0
fi
pkgs="jupyter-nbconvert python3-ipython"
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "pretest: installing Debian packages for the notebook test: $pkgs" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  # shellcheck disable=SC2086
  apt-get install -y -qq --no-install-recommends $pkgs >/dev/null
else
  echo "pretest: the notebook test needs Debian's $pkgs: run 'sudo apt-get install -y --no-install-recommends $pkgs'" >&2
  exit 1
fi
