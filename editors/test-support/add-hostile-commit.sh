#!/usr/bin/env bash
# Adds hostile.txt to a repository made by make-repo.sh, in a commit written as a raw object (so
# nothing on the way cleans it) whose author name and subject carry terminal escape sequences
# (clear screen, window title, OSC 8 link), a carriage return, a right-to-left override, HTML and
# a Markdown link to a command: URI. The editor tests check they show as plain text.
# Usage: add-hostile-commit.sh REPO
set -euo pipefail
cd "$1"
printf 'first line\nsecond line\n' > hostile.txt
git add hostile.txt
tree=$(git write-tree)
parent=$(git rev-parse HEAD)
esc=$(printf '\033')
name="Eve ${esc}[2J${esc}]0;owned$(printf '\007') <img src=x onerror=alert(1)> [pwn](command:aexy.reindex) $(printf '\342\200\256')gnp.exe"
subject="Hostile ${esc}]8;;http://evil${esc}\\\\link${esc}]8;;${esc}\\\\ $(printf 'hidden\rshown') <script>alert(1)</script>"
when="1751371200 +0000"
commit=$(printf 'tree %s\nparent %s\nauthor %s <eve@example.com> %s\ncommitter %s <eve@example.com> %s\n\n%s\n' \
  "$tree" "$parent" "$name" "$when" "$name" "$when" "$subject" \
  | git hash-object -t commit -w --stdin --literally)
git update-ref "refs/heads/$(git symbolic-ref --short HEAD)" "$commit"
git reset -q
