--- Markdown lines for the people answers: the career part of a profile (placement, gaps with
--- their evidence, the learning path with files to read and a mentor), mentors, the CODEOWNERS
--- check, teams and hiring gaps. Pure functions over the daemon's JSON (aexy/career, …).
local M = {}

local function str(v)
  if v == nil or v == vim.NIL then
    return ""
  end
  return tostring(v)
end

--- Unwraps the `{ available, message, details }` envelope; returns details or an error line.
function M.details(r)
  if r.available == false then
    return nil, "Not available: " .. ((type(r.message) == "string" and r.message) or "this daemon does not serve it yet")
  end
  if r.details ~= nil and r.details ~= vim.NIL then
    return r.details
  end
  return r
end

--- Appends the career lines of `c` (the details of `aexy/career`) to `out`.
function M.career(out, c)
  if type(c) ~= "table" then
    return out
  end
  table.insert(out, "")
  local placed = type(c.placementTitle) == "string" and c.placementTitle or "not yet on the ladder"
  local toward = type(c.targetTitle) == "string" and ("; toward " .. c.targetTitle) or ""
  table.insert(out, "## Career")
  table.insert(out, string.format("Placed at **%s** (ladder: %s)%s", placed, str(c.ladder), toward))
  for _, g in ipairs(c.gaps or {}) do
    for _, a in ipairs(g.alternatives or {}) do
      local v = type(a.value) == "number" and tostring(a.value) or "not measured"
      table.insert(out, string.format("- ✗ %s: %s — %s", str(a.requirement), v, str(a.evidence)))
    end
  end
  local path = type(c.path) == "table" and c.path or {}
  if #(path.steps or {}) > 0 or #(path.notes or {}) > 0 then
    table.insert(out, "")
    table.insert(out, "## Learning path")
  end
  for i, st in ipairs(path.steps or {}) do
    table.insert(out, string.format("%d. **%s** — %s", i, str(st.area), str(st.why)))
    for _, r in ipairs(st.readFirst or {}) do
      table.insert(out, string.format("   - read %s (%s)", str(r.path), str(r.why)))
    end
    if type(st.mentor) == "table" then
      table.insert(out, string.format("   - mentor: %s (%s)", str(st.mentor.name), str(st.mentor.why)))
    else
      table.insert(out, "   - mentor: no active expert here")
    end
  end
  for _, n in ipairs(path.notes or {}) do
    table.insert(out, "_" .. str(n) .. "_")
  end
  return out
end

--- `aexy/career` on its own.
function M.career_page(r)
  local d, err = M.details(r)
  local out = { "# Career" }
  if not d then
    table.insert(out, err)
    return out
  end
  if type(d.developer) == "table" then
    out[1] = "# Career: " .. str(d.developer.name)
  end
  return M.career(out, d)
end

--- `aexy/mentors`.
function M.mentors(r, area)
  local d, err = M.details(r)
  local out = { "# Who can teach " .. str(area) }
  if not d then
    table.insert(out, err)
    return out
  end
  for _, m in ipairs(d.mentors or {}) do
    local state = m.active == false and "inactive" or (m.overloaded and "overloaded" or "available")
    table.insert(out, string.format("- **%s** (%s): %s", str(m.name), state, str(m.why)))
  end
  if #(d.mentors or {}) == 0 then
    table.insert(out, "Nobody authors this code.")
  end
  return out
end

--- `aexy/codeowners` (check, or the suggestion's diff).
function M.codeowners(r)
  local d, err = M.details(r)
  local out = { "# CODEOWNERS" }
  if not d then
    table.insert(out, err)
    return out
  end
  if type(d.diff) == "string" then
    out[1] = "# CODEOWNERS proposal: " .. str(d.file)
    table.insert(out, "```diff")
    for l in (d.diff ~= "" and d.diff or "(no change)\n"):gmatch("([^\n]*)\n") do
      table.insert(out, l)
    end
    table.insert(out, "```")
    return out
  end
  out[1] = "# CODEOWNERS: " .. str(d.file)
  table.insert(out, string.format("%s rules (%s), %s of %s files owned", str(d.rules), str(d.dialect), str(d.coveredFiles), str(d.files)))
  for _, f in ipairs(d.findings or {}) do
    local people = {}
    for _, p in ipairs(f.people or {}) do
      table.insert(people, str(p.name) .. ": " .. str(p.detail))
    end
    local line = f.line ~= nil and f.line ~= vim.NIL and (" line " .. str(f.line)) or ""
    table.insert(out, string.format("- **%s**%s `%s` %s%s", str(f.kind), line, str(f.pattern), str(f.message), #people > 0 and (" — " .. table.concat(people, "; ")) or ""))
  end
  if #(d.findings or {}) == 0 then
    table.insert(out, "No findings: the declared owners match the measured experts.")
  end
  return out
end

--- `aexy/teams` (every team, or the answer to `ask`).
function M.teams(r)
  local d, err = M.details(r)
  local out = { "# Teams" }
  if not d then
    table.insert(out, err)
    return out
  end
  if type(d.answer) == "string" then
    out[1] = "# Which team: " .. str(d.path)
    table.insert(out, d.answer)
    return out
  end
  for _, t in ipairs(d.teams or {}) do
    local members = {}
    for _, m in ipairs(t.members or {}) do
      table.insert(members, str(m.name))
    end
    local tf = type(t.truckFactor) == "table" and str(t.truckFactor.value) or "?"
    table.insert(out, string.format("- **%s**: %s files, truck factor %s, %s silo files, %s orphaned; members: %s", str(t.name), str(t.files), tf, str(t.siloFiles), str(t.orphanedFiles), #members > 0 and table.concat(members, ", ") or "unknown"))
  end
  if #(d.teams or {}) == 0 then
    table.insert(out, "No teams: declare them in .aexy/teams.toml or name them in CODEOWNERS.")
  end
  return out
end

--- `aexy/hiring` (the gaps).
function M.hiring(r)
  local d, err = M.details(r)
  local out = { "# Hiring gaps" }
  if not d then
    table.insert(out, err)
    return out
  end
  for i, g in ipairs(vim.islist(d) and d or {}) do
    local held = {}
    for _, h in ipairs(g.holders or {}) do
      table.insert(held, str(h.name) .. " (" .. str(h.detail) .. ")")
    end
    table.insert(out, string.format("%d. **%s** %s — risk %s; %s; held by %s", i, str(g.kind), str(g.subject), str(g.risk), table.concat(g.evidence or {}, "; "), #held > 0 and table.concat(held, ", ") or "nobody active"))
  end
  return out
end

return M
