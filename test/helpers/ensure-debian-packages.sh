#!/usr/bin/env bash
# Makes sure the Debian packages the tests use are present, so `npm ci && npm test` passes on a fresh
# machine: jupyter-nbconvert + python3-ipython (test/notebooks/nbconvert.test.ts runs a notebook on
# the tslab kernel; tslab install and nbconvert import IPython) and python3-xgboost
# (test/models/gbdt/xgboost-live.test.ts loads our exported models in real XGBoost), seen only by
# /usr/bin/python3; chromium + fonts-liberation (test/report/browser.test.ts opens a generated report
# headless). Installs them with apt-get when missing and running as root; otherwise says what
# to install and fails.
set -euo pipefail
if /usr/bin/python3 -c 'import nbconvert, nbclient, IPython, xgboost' >/dev/null 2>&1 && [ -x /usr/bin/jupyter-nbconvert ] && [ -x /usr/bin/chromium ]; then
  exit 0
fi
pkgs="jupyter-nbconvert python3-ipython python3-xgboost chromium fonts-liberation"
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "pretest: installing Debian packages for the tests: $pkgs" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  # shellcheck disable=SC2086
  apt-get install -y -qq --no-install-recommends $pkgs >/dev/null
else
  echo "pretest: the tests need Debian's $pkgs: run 'sudo apt-get install -y --no-install-recommends $pkgs'" >&2
  exit 1
fi
