#!/usr/bin/env bash
# Builds the editor tests' repository with known owners: Alice Liddell wrote src/parser.rs
# (and most of its changes), Bob Builder owns src/net/socket.rs, Carol wrote the README.
# Usage: make-repo.sh DIR   (DIR must not exist)
set -euo pipefail
dir="$1"
mkdir -p "$dir"
cd "$dir"
git init -q -b main
git config user.name "Alice Liddell"
git config user.email alice@example.com
commit() { # commit NAME EMAIL DATE MESSAGE
  GIT_AUTHOR_NAME="$1" GIT_AUTHOR_EMAIL="$2" GIT_AUTHOR_DATE="$3" \
  GIT_COMMITTER_NAME="$1" GIT_COMMITTER_EMAIL="$2" GIT_COMMITTER_DATE="$3" \
    git commit -q -m "$4"
}
mkdir -p src/net
cat > src/parser.rs <<'RS'
//! A tiny expression parser.
pub fn parse(input: &str) -> Vec<String> {
    input.split_whitespace().map(str::to_owned).collect()
}
RS
git add src/parser.rs
commit "Alice Liddell" alice@example.com "2025-01-06T10:15:00+01:00" "Add the expression parser"
cat > src/net/socket.rs <<'RS'
//! Socket handling for the network layer.
pub fn connect(addr: &str) -> std::io::Result<std::net::TcpStream> {
    std::net::TcpStream::connect(addr)
}
RS
git add src/net/socket.rs
commit "Bob Builder" bob@example.com "2025-02-03T09:00:00-05:00" "Add socket connect for the network layer"
cat >> src/parser.rs <<'RS'

/// Parses a number token.
pub fn parse_number(token: &str) -> Option<i64> {
    token.parse().ok()
}
RS
git add src/parser.rs
commit "Alice Liddell" alice@example.com "2025-03-10T14:30:00+01:00" "Parse number tokens in the expression parser"
cat > README.md <<'MD'
# demo
A demo project for the aexy editor tests.
MD
git add README.md
commit "Carol Danvers" carol@example.com "2025-04-01T11:00:00+00:00" "Write the README"
cat >> src/net/socket.rs <<'RS'

/// Closes a socket connection.
pub fn close(stream: std::net::TcpStream) {
    drop(stream);
}
RS
git add src/net/socket.rs
commit "Bob Builder" bob@example.com "2025-05-12T16:45:00-05:00" "Close socket connections in the network layer"
sed -i 's/split_whitespace()/split_ascii_whitespace()/' src/parser.rs
git add src/parser.rs
commit "Alice Liddell" alice@example.com "2025-06-02T09:20:00+02:00" "Split parser tokens on ASCII whitespace"
