;;; aexy-test.el --- ERT tests of aexy.el against the real daemon  -*- lexical-binding: t; -*-

;; SPDX-License-Identifier: MIT

;;; Commentary:

;; Run by scripts/test.d/42-emacs.sh with `emacs --batch': AEXY_BIN is the built daemon,
;; AEXY_REPO and AEXY_REPO2 two generated repositories (see editors/test-support/make-repo.sh).

;;; Code:

(require 'ert)
(require 'aexy)

(defvar aexy-test-repo (file-truename (getenv "AEXY_REPO")))
(defvar aexy-test-repo2 (file-truename (getenv "AEXY_REPO2")))
(setq aexy-command (list (getenv "AEXY_BIN") "lsp"))

(defun aexy-test--wait (pred secs what)
  "Wait up to SECS for PRED to return non-nil; return it or fail naming WHAT."
  (let ((deadline (+ (float-time) secs)) v)
    (while (and (not (setq v (funcall pred))) (< (float-time) deadline))
      (accept-process-output nil 0.1))
    (or v (ert-fail (format "timed out waiting for %s" what)))))

(defun aexy-test--visit (rel)
  "Visit REL in the first repository with `global-aexy-mode' on; return the buffer."
  (global-aexy-mode 1)
  (let ((buf (find-file-noselect (expand-file-name rel aexy-test-repo))))
    (with-current-buffer buf
      (should aexy-mode))
    buf))

(defun aexy-test--ready ()
  "Wait until the first repository's index is ready."
  (with-current-buffer (aexy-test--visit "src/parser.rs")
    (aexy-test--wait
     (lambda ()
       (let ((r (aexy--sync aexy--connection :aexy/status (make-hash-table))))
         (seq-find (lambda (repo) (equal (plist-get repo :state) "ready")) (plist-get r :repositories))))
     60 "a ready index")))

(defun aexy-test--results ()
  (with-current-buffer "*aexy*" (buffer-string)))

(defun aexy-test--eldoc (line)
  "The eldoc text aexy gives for LINE of the current buffer."
  (goto-char (point-min))
  (forward-line (1- line))
  (let (got)
    (aexy-eldoc-function (lambda (s &rest _) (setq got (or s 'none))))
    (aexy-test--wait (lambda () got) 15 "the eldoc callback")
    got))

(defconst aexy-test--hazards
  "[\x00-\x08\x0a-\x1f\x7f\x80-\x9f\u202a-\u202e\u2066-\u2069]"
  "Characters no aexy buffer may show as themselves.")

(ert-deftest aexy-render-visible-replaces-control-and-bidi-characters ()
  (let ((s (aexy-render-visible "Eve \e[2J\e]0;t\a hidden\rshown \u202egnp.exe a\nb \u009b")))
    (should-not (string-match-p aexy-test--hazards s))
    (should (string-match-p (regexp-quote "Eve \ufffd[2J") s))
    (should (string-match-p "hidden\ufffdshown" s))))

(ert-deftest aexy-hostile-commit-shows-as-text ()
  ;; repo2's last commit (editors/test-support/add-hostile-commit.sh) has escape sequences,
  ;; a carriage return, a right-to-left override and markup in its author and subject.
  (global-aexy-mode 1)
  (with-current-buffer (find-file-noselect (expand-file-name "hostile.txt" aexy-test-repo2))
    (should aexy-mode)
    (aexy-test--wait
     (lambda ()
       (let ((r (aexy--sync aexy--connection :aexy/status (make-hash-table))))
         (seq-find (lambda (repo) (equal (plist-get repo :state) "ready")) (plist-get r :repositories))))
     60 "repo2's index")
    (goto-char (point-min))
    (aexy-owners)
    (let ((text (aexy-test--results)))
      (should (string-match-p "Eve" text))
      (should (string-match-p "Hostile" text))
      (should-not (string-match-p aexy-test--hazards (replace-regexp-in-string "\n" "" text))))
    (let ((s (aexy-test--eldoc 1)))
      (should (stringp s))
      (should-not (string-match-p aexy-test--hazards s)))))

(ert-deftest aexy-render-uncommitted-line ()
  (should (member "Line: not committed yet"
                  (aexy-render-ownership '(:file "a.rs" :line (:uncommitted t :coAuthors []) :experts [])))))

(ert-deftest aexy-render-candidates-both-shapes ()
  (should (equal (car (aexy-render-candidates '(:available t :candidates [(:person (:name "Ann") :score 0.5 :reasons ["r"])])))
                 "1. Ann (score 0.50)"))
  (should (equal (car (aexy-render-candidates '(:matches [(:developer (:name "Ben") :score 1 :reasons [])])))
                 "1. Ben (score 1.00)"))
  (should (equal (aexy-render-candidates '(:available :json-false :message "later")) '("Not available: later"))))

(ert-deftest aexy-not-in-a-repository ()
  (let* ((dir (make-temp-file "aexy-norepo" t))
         (buf (find-file-noselect (expand-file-name "x.txt" dir))))
    (global-aexy-mode 1)
    (with-current-buffer buf
      (should-not aexy-mode)
      (should-not aexy--connection))
    (kill-buffer buf)))

(ert-deftest aexy-one-daemon-per-project ()
  (aexy-test--ready)
  (let ((a (aexy-test--visit "src/parser.rs"))
        (b (aexy-test--visit "src/net/socket.rs"))
        (c (progn (global-aexy-mode 1) (find-file-noselect (expand-file-name "README.md" aexy-test-repo2)))))
    (should (eq (buffer-local-value 'aexy--connection a) (buffer-local-value 'aexy--connection b)))
    (should (buffer-local-value 'aexy--connection c))
    (should-not (eq (buffer-local-value 'aexy--connection a) (buffer-local-value 'aexy--connection c)))
    (should (= 2 (hash-table-count aexy--connections)))
    (should (jsonrpc-running-p (buffer-local-value 'aexy--connection c)))))

(ert-deftest aexy-eldoc-shows-the-line-author ()
  (aexy-test--ready)
  (with-current-buffer (aexy-test--visit "src/parser.rs")
    (should (memq #'aexy-eldoc-function eldoc-documentation-functions))
    (let ((s (aexy-test--eldoc 3)))
      (should (stringp s))
      (should (string-match-p "Alice Liddell" s))
      (should (string-match-p "Split parser tokens on ASCII whitespace" s))
      (should-not (string-match-p "Bob" s)))))

(ert-deftest aexy-eldoc-sits-beside-another-servers-eldoc ()
  ;; A buffer with a language server's eldoc backend (as eglot adds) keeps it, first.
  (let ((buf (find-file-noselect (expand-file-name "src/net/socket.rs" aexy-test-repo)))
        (other (lambda (cb &rest _) (funcall cb "signature help") t)))
    (with-current-buffer buf
      (aexy-mode -1)
      (add-hook 'eldoc-documentation-functions other nil t)
      (aexy-mode 1)
      (let ((fns (remq t eldoc-documentation-functions)))
        (should (eq (car fns) other))
        (should (memq #'aexy-eldoc-function fns)))
      (remove-hook 'eldoc-documentation-functions other t))))

(ert-deftest aexy-edited-line-is-not-committed-yet ()
  (aexy-test--ready)
  (with-current-buffer (aexy-test--visit "src/parser.rs")
    (goto-char (point-min))
    (forward-line 2)
    (insert "    let _unsaved = 1;\n")
    (unwind-protect
        (let ((s (aexy-test--eldoc 3)))
          (should (string-match-p "not committed yet" s)))
      (set-buffer-modified-p nil)
      (revert-buffer t t))))

;; The daemon's own hover text for LINE (1-based) of the current buffer.
(defun aexy-test--hover (line)
  (let ((r (aexy--sync aexy--connection :textDocument/hover
                       (list :textDocument (aexy--doc)
                             :position (list :line (1- line) :character 4)))))
    (or (plist-get (plist-get r :contents) :value) "")))

(ert-deftest aexy-changed-options-reach-the-running-daemon ()
  (aexy-test--ready)
  (with-current-buffer (aexy-test--visit "src/parser.rs")
    (let ((conn aexy--connection))
      (should-not (string-match-p "alice@example.com" (aexy-test--hover 3)))
      (unwind-protect
          (progn
            (customize-set-variable 'aexy-show-emails t)
            (aexy-test--wait (lambda () (string-match-p "alice@example.com" (aexy-test--hover 3)))
                             10 "the hover to show Alice's e-mail")
            (should (eq conn aexy--connection))
            (should (jsonrpc-running-p conn)))
        (customize-set-variable 'aexy-show-emails nil))
      (aexy-test--wait (lambda () (not (string-match-p "alice@example.com" (aexy-test--hover 3))))
                       10 "the e-mail to go away again"))))

(ert-deftest aexy-owners-opens-the-results-buffer ()
  (aexy-test--ready)
  (with-current-buffer (aexy-test--visit "src/parser.rs")
    (goto-char (point-min))
    (forward-line 2)
    (aexy-owners)
    (let ((text (aexy-test--results)))
      (should (string-match-p "Owners of src/parser.rs" text))
      (should (string-match-p "Alice Liddell" text))
      (should (eq (buffer-local-value 'major-mode (get-buffer "*aexy*")) 'aexy-results-mode)))))

(ert-deftest aexy-status-lists-the-repository ()
  (aexy-test--ready)
  (with-current-buffer (aexy-test--visit "src/parser.rs")
    (aexy-status)
    (let ((text (aexy-test--results)))
      (should (string-match-p (regexp-quote (concat aexy-test-repo ": ready, 6/6 commits")) text)))))

(ert-deftest aexy-show-owners-command-opens-the-report ()
  (aexy-test--ready)
  (with-current-buffer (aexy-test--visit "src/parser.rs")
    (aexy-show-owners-report)
    (let ((report (aexy-test--wait
                   (lambda () (seq-find (lambda (b) (let ((f (buffer-file-name b)))
                                                      (and f (string-match-p "/reports/.*\\.md\\'" f))))
                                        (buffer-list)))
                   15 "the report buffer from window/showDocument")))
      (should (string-match-p "Alice Liddell" (with-current-buffer report (buffer-string)))))))

(ert-deftest aexy-runs-beside-eglot ()
  ;; A real eglot (Debian elpa-eglot) with a real server (Debian python3-pylsp) manages the
  ;; buffer; aexy keeps its own daemon and its eldoc backend next to eglot's.
  (require 'eglot)
  (should (executable-find "pylsp"))
  (global-aexy-mode 1)
  (with-current-buffer (find-file-noselect (expand-file-name "tool.py" aexy-test-repo2))
    (should aexy-mode)
    (let ((eglot-server-programs '((python-mode "pylsp"))))
      (apply #'eglot (eglot--guess-contact)))
    (let ((server (aexy-test--wait #'eglot-current-server 30 "eglot's pylsp")))
      (unwind-protect
          (progn
            (should (bound-and-true-p eglot--managed-mode))
            (should (memq #'eglot-hover-eldoc-function eldoc-documentation-functions))
            (should (memq #'aexy-eldoc-function eldoc-documentation-functions))
            (should (eq eldoc-documentation-strategy #'eldoc-documentation-compose))
            (should (jsonrpc-running-p aexy--connection))
            (should-not (eq aexy--connection server))
            (let ((s (aexy-test--eldoc 2)))
              (should (string-match-p "Carol Danvers" s))
              (should (string-match-p "Add the word counter tool" s))))
        (eglot-shutdown server)))))

(defun aexy-test--optional (thunk expect)
  "Run THUNK; skip when the daemon says the feature is not available, else expect EXPECT."
  (funcall thunk)
  (let ((text (aexy-test--results)))
    (when (string-match-p "Not available: " text)
      (ert-skip (format "the daemon answered: %s" (replace-regexp-in-string "\n" " " text))))
    (should (string-match-p expect text))))

(ert-deftest aexy-match-ranks-the-parser-author-first ()
  (aexy-test--ready)
  (with-current-buffer (aexy-test--visit "src/parser.rs")
    (aexy-test--optional (lambda () (aexy-match "fix a crash in the expression parser number tokens"))
                         "^1\\. Alice Liddell")))

(ert-deftest aexy-match-on-this-file-ranks-its-expert-alone ()
  (aexy-test--ready)
  (with-current-buffer (aexy-test--visit "src/net/socket.rs")
    (aexy-match "" t)
    (let ((text (aexy-test--results)))
      (should (string-match-p "Who knows src/net/socket\\.rs" text))
      (should (string-match-p "^1\\. Bob Builder" text))
      (should-not (string-match-p "Alice Liddell" text)))))

(ert-deftest aexy-match-issue-fetches-the-jira-issue ()
  (should (getenv "JIRA_BASE_URL"))
  (aexy-test--ready)
  (with-current-buffer (aexy-test--visit "src/parser.rs")
    (aexy-match-issue "AX-1")
    (let ((text (aexy-test--results)))
      (should (string-match-p "Who should take AX-1: The parser drops number tokens" text))
      (should (string-match-p "Files: src/parser\\.rs" text))
      (should (string-match-p "^1\\. Alice Liddell" text)))))

(ert-deftest aexy-team-shows-the-truck-factor ()
  (aexy-test--ready)
  (with-current-buffer (aexy-test--visit "src/parser.rs")
    (aexy-test--optional (lambda () (aexy-team)) "Truck factor: [0-9]")))

(ert-deftest aexy-profile-shows-languages ()
  (aexy-test--ready)
  (with-current-buffer (aexy-test--visit "src/parser.rs")
    (aexy-test--optional (lambda () (aexy-profile "alice@example.com")) "Languages:")))

(ert-deftest aexy-explain-streams-into-its-buffer ()
  "42-emacs.sh points the daemon at a replayed OpenAI-compatible model."
  (should (getenv "AEXY_LLM"))
  (aexy-test--ready)
  (with-current-buffer (aexy-test--visit "src/parser.rs")
    (goto-char (point-min))
    (forward-line 1)
    (push-mark (point) t t)
    (forward-line 2)
    (aexy-explain (region-beginning) (region-end))
    (deactivate-mark))
  (let ((text (aexy-test--wait
               (lambda () (with-current-buffer "*aexy explain*"
                            (let ((s (buffer-string))) (and (string-match-p "Who to ask" s) s))))
               60 "the explanation and the timeline")))
    (should (string-prefix-p "Explaining src/parser.rs lines 2–3" text))
    (should (= 1 (aexy-test--count text "Alice split the parser's tokens on ASCII whitespace\\.")))
    (should (string-match-p "written by openai:replayed" text))
    (should (string-match-p "Split parser tokens on ASCII whitespace" text))
    (should (string-match-p "Add the expression parser" text))))

(defun aexy-test--count (text regexp)
  "How many times REGEXP matches in TEXT."
  (let ((n 0) (start 0))
    (while (string-match regexp text start)
      (setq n (1+ n) start (match-end 0)))
    n))
(ert-deftest aexy-profile-shows-the-career-and-learning-path ()
  (aexy-test--ready)
  (with-current-buffer (aexy-test--visit "src/parser.rs")
    (aexy-profile "bob@example.com")
    (let ((text (aexy-test--results)))
      (should (string-match-p "Placed at Contributor" text))
      (should (string-match-p "Learning path:" text))
      (should (string-match-p "1\\. src — " text))
      (should (string-match-p "read src/parser\\.rs" text))
      (should (string-match-p "mentor: Alice Liddell" text)))))

(ert-deftest aexy-mentors-and-hiring ()
  (aexy-test--ready)
  (with-current-buffer (aexy-test--visit "src/parser.rs")
    (aexy-mentors "src")
    (should (string-match-p "Alice Liddell +available" (aexy-test--results)))
    (aexy-hiring)
    (should (string-match-p " 1\\. " (aexy-test--results)))))

(ert-deftest aexy-render-codeowners-findings ()
  (let ((lines (aexy-people-codeowners-lines
                (list :available t :details (list :file "CODEOWNERS" :rules 1 :dialect "github" :coveredFiles 1 :files 2
                                                  :findings (vector (list :kind "stale" :line 1 :pattern "/legacy/" :message "gone"
                                                                          :people (vector (list :name "Dave" :detail "inactive")))))))))
    (should (string-match-p "stale +line 1 +/legacy/  gone — Dave: inactive" (string-join lines "\n")))))

(ert-deftest aexy-zz-shutdown-ends-the-daemons ()
  (aexy-test--ready)
  (let ((procs nil))
    (maphash (lambda (_ c) (push (jsonrpc--process c) procs)) aexy--connections)
    (should procs)
    (aexy-shutdown-all)
    (aexy-test--wait (lambda () (seq-every-p (lambda (p) (not (process-live-p p))) procs)) 10 "the daemons to exit")
    (should (= 0 (hash-table-count aexy--connections)))))

(provide 'aexy-test)
;;; aexy-test.el ends here
