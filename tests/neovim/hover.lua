-- Headless Neovim check: attach `aexy lsp` with vim.lsp.start, wait for the index, and assert
-- on the hover text of a line Bob changed and a line Alice wrote. Exits 1 on any failure.
local bin = assert(os.getenv('AEXY_BIN'), 'AEXY_BIN not set')
local root = assert(os.getenv('AEXY_TEST_REPO'), 'AEXY_TEST_REPO not set')
local commit = assert(os.getenv('AEXY_TEST_COMMIT'), 'AEXY_TEST_COMMIT not set')

local function fail(msg)
  io.stderr:write('FAIL: ' .. msg .. '\n')
  os.exit(1)
end

vim.cmd.edit(root .. '/src/lib.rs')
local buf = vim.api.nvim_get_current_buf()
local id = vim.lsp.start({ name = 'aexy', cmd = { bin, 'lsp' }, root_dir = root }, { bufnr = buf })
if not id then fail('vim.lsp.start returned nil') end
local client = vim.lsp.get_client_by_id(id)
if not vim.wait(10000, function() return client.initialized end, 20) then fail('no initialize') end
if client.server_info == nil or client.server_info.name ~= 'aexy' then fail('serverInfo.name is not aexy') end

local ready = vim.wait(15000, function()
  local res = client:request_sync('aexy/status', nil, 2000, buf)
  local repos = res and res.result and res.result.repositories or {}
  return #repos == 1 and repos[1].state == 'ready'
end, 50)
if not ready then fail('index never ready') end

local function hover(line)
  local params = { textDocument = { uri = vim.uri_from_bufnr(buf) }, position = { line = line, character = 0 } }
  local res = client:request_sync('textDocument/hover', params, 5000, buf)
  if not res or res.err then fail('hover failed: ' .. vim.inspect(res)) end
  return res.result and res.result.contents and res.result.contents.value or ''
end

local bob = hover(1)
for _, want in ipairs({ '**Bob Stone**', '16:30 -05:00', commit:sub(1, 8), 'Two returns two', 'Experts:' }) do
  if not bob:find(want, 1, true) then fail('hover on line 2 lacks ' .. want .. ':\n' .. bob) end
end
local alice = hover(0)
if not alice:find('**Alice Liddell**', 1, true) then fail('hover on line 1:\n' .. alice) end

-- Type a new first line: it is "not committed yet" and Bob's line moves down with the buffer.
vim.api.nvim_buf_set_lines(buf, 0, 0, false, { '// typed in Neovim' })
if not hover(0):find('Not committed yet', 1, true) then fail('edited line not uncommitted') end
if not hover(2):find('**Bob Stone**', 1, true) then fail('shifted line lost its owner') end

print('neovim: hover ok (' .. #bob .. ' chars)')
client:stop()
vim.wait(2000, function() return client:is_stopped() end, 20)
os.exit(0)
