;;; aexy-commands.el --- Commands of aexy.el: match, reviewers, profile, team  -*- lexical-binding: t; -*-

;; SPDX-License-Identifier: MIT

;;; Commentary:

;; The interactive commands of `aexy': each sends one request to the project's daemon and
;; shows the answer in the *aexy* buffer (`aexy-results-mode').

;;; Code:

(require 'aexy)
(require 'aexy-people)
(require 'aexy-render)
(require 'jsonrpc)
(require 'subr-x)
(require 'seq)

;;;; Commands

(defun aexy--conn ()
  "This buffer's connection, or the one of its project, or an error."
  (or (and aexy--connection (jsonrpc-running-p aexy--connection) aexy--connection)
      (when-let ((root (or (aexy--root) (aexy--root default-directory))))
        (aexy--connection-for root))
      (user-error "aexy: not in a git repository")))

(defun aexy--doc-or-root ()
  (list :uri (aexy--uri (or buffer-file-name (aexy--root default-directory)))))

(defun aexy--request (method params)
  "Send METHOD with PARAMS to this project's daemon and wait for the answer."
  (condition-case err
      (aexy--sync (aexy--conn) method params)
    (jsonrpc-error
     (let ((code (alist-get 'jsonrpc-error-code (cdr err)))
           (msg (alist-get 'jsonrpc-error-message (cdr err))))
       (user-error "aexy: %s" (if (equal code -32601) (format "this daemon does not serve %s yet" method) msg))))))

(defvar aexy-results-mode-map
  (let ((m (make-sparse-keymap)))
    (set-keymap-parent m special-mode-map)
    m))

(define-derived-mode aexy-results-mode special-mode "aexy"
  "Results of aexy commands.")

(defun aexy--show (title lines)
  "Show LINES under TITLE in the *aexy* buffer; return the buffer."
  (let ((buf (get-buffer-create "*aexy*")))
    (with-current-buffer buf
      (let ((inhibit-read-only t))
        (erase-buffer)
        (aexy-results-mode)
        (insert (propertize (aexy-render-visible title) 'face 'bold) "\n\n")
        (dolist (l lines) (insert (aexy-render-visible l) "\n"))
        (goto-char (point-min))))
    (display-buffer buf)
    buf))

(defun aexy-owners ()
  "Who last changed the line at point, and who knows this file."
  (interactive)
  (aexy-flush-changes)
  (let ((r (aexy--request :aexy/ownership
                          (list :textDocument (aexy--doc)
                                :position (list :line (1- (line-number-at-pos)) :character 0)))))
    (aexy--show (format "Owners of %s" (plist-get r :file)) (aexy-render-ownership r))))

(defun aexy-match (text &optional here)
  "Who should do the task described by TEXT?
With HERE (interactively, a prefix argument), the task is about the
visited file too, and TEXT may be empty: who knows this file best."
  (interactive (list (read-string (if (and current-prefix-arg buffer-file-name)
                                      "Task on this file (empty: who knows it): "
                                    "Task: "))
                     (and current-prefix-arg buffer-file-name t)))
  (let* ((here (and here buffer-file-name))
         (params (list :textDocument (aexy--doc-or-root) :description text :limit aexy-match-limit))
         (name (and here (file-relative-name (file-truename buffer-file-name) (aexy--root))))
         (r (aexy--request :aexy/matchTask
                           (if here (append params (list :uris (vector (aexy--uri buffer-file-name)))) params))))
    (aexy--show (cond ((and here (string-empty-p text)) (format "Who knows %s" name))
                      (here (format "Who should do: %s (on %s)" text name))
                      (t (format "Who should do: %s" text)))
                (aexy-render-candidates r))))

(defun aexy-match-issue (issue)
  "Who should take ISSUE: PROJ-123 (Jira), ENG-42 (Linear), #456 or its URL?
The daemon fetches the issue (or reads the last sync) and matches its
title, labels, components, text and the files it is about."
  (interactive (list (read-string "Issue (PROJ-123, ENG-42, #456 or URL): ")))
  (let* ((ref (string-trim issue))
         (r (if (string-empty-p ref)
                (user-error "aexy: no issue given")
              (aexy--request :aexy/matchIssue
                             (list :textDocument (aexy--doc-or-root) :issue ref :limit aexy-match-limit))))
         (i (plist-get r :issue)))
    (aexy--show (if i
                    (format "Who should take %s: %s" (plist-get i :key) (plist-get i :title))
                  (format "Who should take %s" ref))
                (append (when i (aexy-render-issue i)) (aexy-render-candidates r)))))

(defun aexy-sync ()
  "Sync pull requests, reviews and issues of the project.
The daemon reports when the sync is done."
  (interactive)
  (let ((r (aexy--request :aexy/sync (list :textDocument (aexy--doc-or-root)))))
    (if (eq (plist-get r :started) t)
        (message "aexy: syncing %s" (mapconcat #'identity (append (plist-get r :repositories) nil) ", "))
      (message "aexy: %s" (or (plist-get r :message) "nothing to sync")))))

(defun aexy--changed-paths (root)
  "Paths of ROOT's working tree with uncommitted changes."
  (let ((default-directory (file-name-as-directory root)))
    (mapcar (lambda (l) (let ((p (substring l 3)))
                          (if (string-match " -> \\(.*\\)\\'" p) (match-string 1 p) p)))
            (seq-filter (lambda (l) (> (length l) 3))
                        (process-lines "git" "status" "--porcelain=v1" "--untracked-files=all")))))

(defun aexy-reviewers ()
  "Suggest reviewers for the project's uncommitted changes (leaving you out)."
  (interactive)
  (let* ((root (or (aexy--root) (aexy--root default-directory) (user-error "aexy: not in a git repository")))
         (paths (aexy--changed-paths root))
         (me (let ((default-directory (file-name-as-directory root)))
               (string-trim (or (ignore-errors (car (process-lines "git" "config" "user.email"))) "")))))
    (if (null paths)
        (message "aexy: no uncommitted changes to review")
      (let ((r (aexy--request :aexy/suggestReviewers
                              (list :textDocument (aexy--doc-or-root) :paths (vconcat paths)
                                    :exclude (if (string-empty-p me) [] (vector me)) :limit aexy-match-limit))))
        (aexy--show (format "Reviewers for %d changed file(s)" (length paths)) (aexy-render-candidates r))))))

(defun aexy-profile (&optional developer)
  "Show DEVELOPER's profile (a name or e-mail; default: you)."
  (interactive (list (let ((s (read-string "Developer (empty: you): "))) (unless (string-empty-p s) s))))
  (let* ((params (append (list :textDocument (aexy--doc-or-root)) (when developer (list :developer developer))))
         (r (aexy--request :aexy/profile params))
         ;; the career part: placement, gaps and the learning path (left out when unavailable)
         (career (ignore-errors (aexy-people--details (aexy--request :aexy/career params)))))
    (aexy--show (format "Profile: %s" (or (plist-get r :developer) developer "you"))
                (append (aexy-render-profile r) (aexy-people-career-lines career)))))

(defun aexy-team (&optional path)
  "Show the team insights of the project (or of directory PATH)."
  (interactive (list (let ((s (read-string "Directory (empty: whole repository): "))) (unless (string-empty-p s) s))))
  (let ((r (aexy--request :aexy/teamInsights
                          (append (list :textDocument (aexy--doc-or-root)) (when path (list :path path))))))
    (aexy--show (format "Team insights%s" (if path (concat ": " path) "")) (aexy-render-team r))))

(defun aexy-status ()
  "Show the daemon's index status."
  (interactive)
  (let ((r (aexy--request :aexy/status (make-hash-table))))
    (aexy--show (format "aexy %s" (plist-get r :version))
                (mapcar (lambda (repo)
                          (format "%s: %s, %s/%s commits%s" (plist-get repo :root) (plist-get repo :state)
                                  (plist-get repo :commitsIndexed) (plist-get repo :commitsTotal)
                                  (if (stringp (plist-get repo :message)) (concat " — " (plist-get repo :message)) "")))
                        (plist-get r :repositories)))))

(defun aexy-reindex ()
  "Reindex this project's repository."
  (interactive)
  (aexy--request :workspace/executeCommand (list :command "aexy.reindex" :arguments (vector (aexy--doc-or-root))))
  (message "aexy: reindexing started"))

(defun aexy-show-owners-report ()
  "Run the daemon's aexy.showOwners command.\nThe daemon writes a Markdown report and asks Emacs to show it."
  (interactive)
  (aexy--request :workspace/executeCommand (list :command "aexy.showOwners" :arguments (vector (aexy--doc)))))

(provide 'aexy-commands)
;;; aexy-commands.el ends here
