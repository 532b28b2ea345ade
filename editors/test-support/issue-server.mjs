// A Jira Cloud on 127.0.0.1 for the editors' "Who should take this issue?" tests: AX-1 (the
// parser, src/parser.rs of make-repo.sh) by key, and the same issue from a JQL search; bodies
// written from Jira's published REST v3 schema (ADF description). Node module and CLI:
// `node issue-server.mjs` prints the environment to export, then serves until killed.
import http from "node:http";

const EMAIL = "editor-tests@example.com";
const TOKEN = "jira-editor-test-token";

const issue = {
  id: "10001",
  key: "AX-1",
  fields: {
    summary: "The parser drops number tokens",
    description: { type: "doc", version: 1, content: [{ type: "paragraph", content: [
      { type: "text", text: "Numbers vanish in " }, { type: "text", text: "src/parser.rs", marks: [{ type: "code" }] }, { type: "text", text: "." }] }] },
    labels: ["parser"], components: [{ name: "Language" }],
    status: { name: "To Do", statusCategory: { key: "new" } },
    assignee: null, reporter: { accountId: "r-1", displayName: "Reporter Person", accountType: "atlassian" },
    project: { key: "AX" }, created: "2025-03-01T10:00:00.000+0000", updated: "2025-03-02T10:00:00.000+0000", resolutiondate: null,
  },
};

/** Starts the server; resolves to { url, env, requests, close }. */
export async function startIssueServer() {
  const requests = [];
  const basic = `Basic ${Buffer.from(`${EMAIL}:${TOKEN}`).toString("base64")}`;
  const server = http.createServer((req, res) => {
    requests.push(req.url);
    const json = (code, body) => { res.writeHead(code, { "content-type": "application/json" }); res.end(JSON.stringify(body)); };
    if (req.headers.authorization !== basic) return json(401, { errorMessages: ["Client must be authenticated"] });
    const url = new URL(req.url, "http://x");
    if (url.pathname === "/rest/api/3/issue/AX-1") return json(200, issue);
    if (url.pathname === "/rest/api/3/search/jql") return json(200, { issues: [issue], isLast: true });
    return json(404, { errorMessages: ["Issue does not exist or you do not have permission to see it."] });
  });
  await new Promise((r) => server.listen(0, "127.0.0.1", r));
  const url = `http://127.0.0.1:${server.address().port}`;
  return {
    url,
    env: { JIRA_BASE_URL: url, JIRA_EMAIL: EMAIL, JIRA_API_TOKEN: TOKEN },
    requests,
    close: () => server.close(),
  };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const s = await startIssueServer();
  for (const [k, v] of Object.entries(s.env)) console.log(`${k}=${v}`);
}
