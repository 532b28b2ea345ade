#!/usr/bin/env bash
# Adds tool.py, committed by Carol Danvers, to a repository made by make-repo.sh: the Python
# file on which the editor tests run a second language server (pylsp) beside aexy.
# Usage: add-python-tool.sh REPO
set -euo pipefail
cd "$1"
printf 'import sys\n\ndef count(text):\n    return len(text.split())\n' > tool.py
git add tool.py
GIT_AUTHOR_NAME="Carol Danvers" GIT_AUTHOR_EMAIL=carol@example.com GIT_AUTHOR_DATE="2025-07-01T12:00:00+00:00" \
GIT_COMMITTER_NAME="Carol Danvers" GIT_COMMITTER_EMAIL=carol@example.com GIT_COMMITTER_DATE="2025-07-01T12:00:00+00:00" \
  git commit -q -m "Add the word counter tool"
