--- Loaded by Neovim at startup: nothing runs until require("aexy").setup{} is called, so the
--- plugin costs nothing for users who have not configured it.
if vim.g.loaded_aexy then
  return
end
vim.g.loaded_aexy = true
