--- Turns the daemon's answers (aexy/ownership, aexy/matchTask, aexy/profile, …) into Markdown
--- lines for the floating windows. Pure functions: no editor state, easy to test.
local M = {}

local function person(p)
  if type(p) ~= "table" then
    return tostring(p or "?")
  end
  return p.name or p.email or "?"
end

local function pct(x)
  return string.format("%d%%", math.floor((tonumber(x) or 0) * 100 + 0.5))
end

--- Lines for `aexy/ownership` (with or without a line).
function M.ownership(r)
  local out = { "# " .. ((r.file ~= nil and r.file ~= "") and r.file or "(not in a repository)") }
  local l = r.line
  if type(l) == "table" then
    if l.uncommitted then
      table.insert(out, "Line: not committed yet")
    else
      table.insert(out, string.format("Line: **%s**, %s — %s (%s)", person(l.author), l.date or "?", l.summary or "", string.sub(l.commit or "", 1, 8)))
      if type(l.coAuthors) == "table" and #l.coAuthors > 0 then
        local names = {}
        for _, c in ipairs(l.coAuthors) do
          table.insert(names, person(c))
        end
        table.insert(out, "Co-authors: " .. table.concat(names, ", "))
      end
    end
  end
  if type(r.experts) == "table" and #r.experts > 0 then
    table.insert(out, "")
    table.insert(out, "## Experts")
    for _, e in ipairs(r.experts) do
      table.insert(out, string.format("- %s %s%s", person(e), pct(e.share), e.lastActive and (" · last active " .. e.lastActive) or ""))
    end
  end
  if r.risk and r.risk ~= vim.NIL then
    table.insert(out, "")
    table.insert(out, "Signal: " .. r.risk)
  end
  if r.indexing then
    table.insert(out, "_(indexing: answered from the previous index)_")
  end
  return out
end

--- Lines for a `CandidatesResult` (task matching and reviewers).
function M.candidates(title, r)
  local out = { "# " .. title }
  if r.available == false then
    table.insert(out, "Not available: " .. ((type(r.message) == "string" and r.message) or "this daemon does not serve it yet"))
    return out
  end
  if type(r.message) == "string" then
    table.insert(out, "_" .. r.message .. "_")
  end
  local list = r.candidates or {}
  if #list == 0 and type(r.matches) == "table" then
    for _, m in ipairs(r.matches) do
      table.insert(list, { person = m.developer, score = m.score, reasons = m.reasons })
    end
  end
  if #list == 0 then
    table.insert(out, "Nobody matched.")
  end
  for i, c in ipairs(list) do
    table.insert(out, string.format("%d. **%s** (score %.2f)", i, person(c.person), tonumber(c.score) or 0))
    for _, reason in ipairs(c.reasons or {}) do
      table.insert(out, "   - " .. reason)
    end
  end
  return out
end

--- `aexy/matchIssue`: the issue (key, title, status, files it is about), then the candidates.
function M.issue(ref, r)
  local i = type(r.issue) == "table" and r.issue or nil
  local title = i and string.format("Who should take %s: %s", i.key, i.title) or ("Who should take " .. ref)
  local out = M.candidates(title, r)
  if i then
    local meta = {}
    if type(i.status) == "string" then
      table.insert(meta, "status: " .. i.status)
    end
    if type(i.url) == "string" and i.url ~= "" then
      table.insert(meta, i.url)
    end
    if type(i.paths) == "table" and #i.paths > 0 then
      table.insert(meta, "files: " .. table.concat(i.paths, ", "))
    end
    if #meta > 0 then
      table.insert(out, 2, "_" .. table.concat(meta, " · ") .. "_")
    end
  end
  return out
end

local function bar(value, max, width)
  local n = (max and max > 0) and math.floor((value / max) * width + 0.5) or 0
  return string.rep("█", n) .. string.rep("·", width - n)
end

local function label(row)
  for _, k in ipairs({ "name", "language", "path", "file", "directory", "area" }) do
    if type(row[k]) == "string" then
      return row[k]
    end
  end
  return "?"
end

--- Lifts nested measures: `proficiency` (level, score, lines) merges in; an object with a
--- numeric `value` (a directory's truckFactor) or `total` (complexity) becomes that number.
local function flatten(row)
  local out = {}
  for k, v in pairs(row) do
    out[k] = v
  end
  for k, v in pairs(row) do
    if type(v) == "table" and not vim.islist(v) then
      if k == "proficiency" then
        for pk, pv in pairs(v) do
          if out[pk] == nil then
            out[pk] = pv
          end
        end
      elseif type(v.value) == "number" then
        out[k] = v.value
      elseif type(v.total) == "number" then
        out[k] = v.total
      end
    end
  end
  return out
end

local function measure(row)
  for _, k in ipairs({ "score", "share", "value", "truckFactor", "lines", "changes", "revisions", "commits", "degree" }) do
    if type(row[k]) == "number" then
      return row[k]
    end
  end
end

--- A titled list of rows as text bars, largest first.
local function bars(out, title, rows, limit)
  if type(rows) ~= "table" or #rows == 0 then
    return
  end
  table.insert(out, "")
  table.insert(out, "## " .. title)
  local flat = {}
  for _, row in ipairs(rows) do
    table.insert(flat, flatten(row))
  end
  local max = 0
  for _, row in ipairs(flat) do
    max = math.max(max, measure(row) or 0)
  end
  for i, row in ipairs(flat) do
    if i > (limit or 10) then
      break
    end
    local v = measure(row) or 0
    local level = type(row.level) == "string" and (" " .. row.level) or ""
    table.insert(out, string.format("%-28s %s %s%s", label(row):sub(-28), bar(v, max, 20), (v % 1 == 0) and tostring(v) or string.format("%.2f", v), level))
  end
end

--- Unwraps the `{ available, message, details }` envelope; returns details or an error line.
local function details(r)
  if r.available == false then
    return nil, "Not available: " .. ((type(r.message) == "string" and r.message) or "this daemon does not serve it yet")
  end
  if type(r.details) == "table" then
    return r.details
  end
  return r
end

function M.profile(r)
  local d, err = details(r)
  local out = { "# Profile: " .. ((type(r.developer) == "string" and r.developer) or "you") }
  if not d then
    table.insert(out, err)
    return out
  end
  if type(d.developer) == "table" then
    out[1] = "# Profile: " .. person(d.developer)
  end
  bars(out, "Languages", d.languages)
  bars(out, "Frameworks and libraries", d.frameworks)
  bars(out, "Areas", d.areas)
  bars(out, "Collaborators", d.collaborators)
  return out
end

function M.team(r)
  local d, err = details(r)
  local out = { "# Team insights" .. ((type(r.path) == "string" and (": " .. r.path)) or "") }
  if not d then
    table.insert(out, err)
    return out
  end
  local tf = d.truckFactor
  if type(tf) == "table" then
    local names = {}
    for _, dev in ipairs(tf.developers or {}) do
      table.insert(names, person(dev))
    end
    table.insert(out, string.format("Truck factor: **%s** (%s)", tostring(tf.value), table.concat(names, ", ")))
  end
  bars(out, "Truck factor by directory", d.directories)
  bars(out, "Hotspots", d.hotspots)
  bars(out, "Change coupling", d.coupling)
  local silos = d.silos
  if type(silos) == "table" then
    local list = vim.islist(silos) and silos or (silos.fileList or {})
    table.insert(out, "")
    table.insert(out, string.format("## Knowledge silos: %d", #list))
    for i, s in ipairs(list) do
      if i > 10 then
        break
      end
      table.insert(out, string.format("- %s: %s", s.path or s.file or "?", person(s.author or s.dev)))
    end
  end
  return out
end

return M
