;;; aexy.el --- Code ownership and team insights from the aexy daemon  -*- lexical-binding: t; -*-

;; Version: 0.1.0
;; Package-Requires: ((emacs "28.1") (jsonrpc "1.0.14"))
;; Keywords: tools, vc
;; SPDX-License-Identifier: MIT

;;; Commentary:

;; A small client on Emacs's built-in `jsonrpc' that runs `aexy lsp' once per git project,
;; beside eglot or lsp-mode (which keep the buffer's language server): ownership at point
;; through `eldoc', a first-line summary overlay, and commands whose results open in a
;; special buffer: `aexy-owners', `aexy-match', `aexy-match-issue', `aexy-reviewers',
;; `aexy-profile', `aexy-team', `aexy-status', `aexy-reindex', `aexy-sync', and
;; (aexy-people.el) `aexy-career', `aexy-mentors', `aexy-codeowners', `aexy-teams',
;; `aexy-hiring'; `aexy-explain' streams "the history of this code" into its own buffer.
;; Enable with (global-aexy-mode 1).

;;; Code:

(require 'cl-lib)
(require 'jsonrpc)
(require 'eldoc)
(require 'subr-x)
(require 'url-util)
(require 'seq)
(require 'aexy-render)

(defgroup aexy nil
  "Code ownership and team insights from the aexy daemon."
  :group 'tools
  :prefix "aexy-")

(defun aexy--set-option (symbol value)
  "Set SYMBOL to VALUE; running daemons apply it at once (no restart).
The `:set' of the options the daemon enforces, so `customize' and
`customize-set-variable' (or `setopt') reach it; after a plain `setq'
call `aexy-apply-settings'."
  (set-default-toplevel-value symbol value)
  (when (fboundp 'aexy-apply-settings)
    (aexy-apply-settings)))

(defcustom aexy-command '("aexy" "lsp")
  "Command that starts the daemon: the executable and its arguments."
  :type '(repeat string))

(defcustom aexy-eldoc t
  "When non-nil, `eldoc' shows who last changed the line at point."
  :type 'boolean)

(defcustom aexy-eldoc-compose t
  "When non-nil, eldoc shows every backend's text, not only one.
Eglot sets `eldoc-documentation-strategy' to show only the most
important one; this sets it to `eldoc-documentation-compose' in
buffers where `aexy-mode' is on."
  :type 'boolean)

(defcustom aexy-first-line-summary t
  "When non-nil, show the file's owners after the first line.\nThe text is the daemon's inlay hint for line 1."
  :type 'boolean
  :set #'aexy--set-option)

(defcustom aexy-hover-detail "compact"
  "How much detail the daemon puts in ownership answers: \"compact\" or \"full\"."
  :type '(choice (const "compact") (const "full"))
  :set #'aexy--set-option)

(defcustom aexy-show-emails nil
  "Opt in: show developers' e-mail addresses."
  :type 'boolean
  :set #'aexy--set-option)

(defcustom aexy-show-signals-for-others nil
  "Opt in: show other developers' sustainability signals.\nThe repository's own config must opt in too."
  :type 'boolean
  :set #'aexy--set-option)

(defcustom aexy-match-limit 10
  "How many people `aexy-match' and `aexy-reviewers' list."
  :type 'integer)

(defcustom aexy-request-timeout 30
  "Seconds to wait for the daemon's answer to a command."
  :type 'integer)

(defvar aexy--connections (make-hash-table :test #'equal)
  "Project root (true name) -> live `jsonrpc-process-connection'.")

(defvar aexy-mode)

(defvar aexy--progress nil
  "Mode-line text of the daemon's indexing progress, or nil.")

(defvar-local aexy--connection nil "This buffer's daemon connection.")
(defvar-local aexy--version 0 "LSP document version of this buffer.")
(defvar-local aexy--change-timer nil "Idle timer that sends the pending didChange.")
(defvar-local aexy--summary-overlay nil "Overlay showing the first-line summary.")

;;;; Paths and URIs

(defun aexy--root (&optional file)
  "The git work-tree root of FILE (default: this buffer's file), or nil."
  (when-let* ((f (or file buffer-file-name))
              (dir (locate-dominating-file f ".git")))
    (directory-file-name (file-truename dir))))

(defun aexy--uri (file)
  "The file:// URI of FILE."
  (concat "file://" (url-hexify-string (file-truename file) url-path-allowed-chars)))

(defun aexy--path (uri)
  "The local path of a file:// URI."
  (url-unhex-string (string-remove-prefix "file://" uri)))

;;;; Connection

(defun aexy--sync (conn method params &optional timeout)
  "Send METHOD with PARAMS on CONN; wait for the result or signal `jsonrpc-error'.
TIMEOUT defaults to `aexy-request-timeout'.  Unlike `jsonrpc-request' (1.0.14,
Emacs 28), the answer does not `throw' out of the process filter, which would
drop any message that came in the same chunk after it (such as the daemon's
`window/showDocument' right after a command's reply)."
  (let ((done nil) (result nil) (err nil)
        (deadline (+ (float-time) (or timeout aexy-request-timeout))))
    (jsonrpc-async-request
     conn method params
     :success-fn (lambda (r) (setq result r done t))
     :error-fn (lambda (e) (setq err e done t))
     :timeout-fn (lambda () (setq err (list :code -32001 :message "Timed out")) (setq done t))
     :timeout (or timeout aexy-request-timeout))
    (while (and (not done) (< (float-time) deadline))
      (accept-process-output nil 0.05))
    (cond ((not done) (signal 'jsonrpc-error '("Timed out" (jsonrpc-error-message . "Timed out"))))
          (err (signal 'jsonrpc-error
                       (list (format "%s failed" method)
                             (cons 'jsonrpc-error-code (plist-get err :code))
                             (cons 'jsonrpc-error-message (plist-get err :message)))))
          (t result))))

(defun aexy--init-options ()
  "The daemon's initializationOptions, from the customizations."
  (list :hoverDetail aexy-hover-detail
        :codeLens t
        :inlayHints (if aexy-first-line-summary t :json-false)
        :privacy (list :showEmails (if aexy-show-emails t :json-false)
                       :showSignalsForOthers (if aexy-show-signals-for-others t :json-false))))

(defun aexy--handle-request (_conn method params)
  "Answer the daemon's request METHOD with PARAMS."
  (pcase method
    ('window/showDocument
     (let ((path (aexy--path (plist-get params :uri))))
       (if (eq (plist-get params :external) t)
           (browse-url (plist-get params :uri))
         (display-buffer (find-file-noselect path)))
       (list :success t)))
    ((or 'window/workDoneProgress/create 'client/registerCapability 'client/unregisterCapability) nil)
    ((or 'workspace/codeLens/refresh 'workspace/inlayHint/refresh)
     (run-at-time 0 nil #'aexy--refresh-summaries) nil)
    ('workspace/configuration (make-vector (length (plist-get params :items)) nil))
    ('window/showMessageRequest nil)
    (_ (jsonrpc-error :code -32601 :message (format "aexy.el does not handle %s" method)))))

(defun aexy--handle-notification (_conn method params)
  "Handle the daemon's notification METHOD with PARAMS."
  (pcase method
    ('window/showMessage (message "aexy: %s" (aexy-render-visible (plist-get params :message))))
    ('window/logMessage
     (with-current-buffer (get-buffer-create "*aexy log*")
       (goto-char (point-max))
       (insert (plist-get params :message) "\n")))
    ('aexy/explainProgress (aexy-explain--progress params))
    ('$/progress
     (let* ((v (plist-get params :value))
            (kind (plist-get v :kind)))
       (setq aexy--progress
             (unless (equal kind "end")
               (format " aexy:%s%%" (or (plist-get v :percentage) "…"))))
       (force-mode-line-update t)))
    (_ nil)))

(defun aexy--start (root)
  "Start the daemon for ROOT, initialize it, and return the connection."
  (unless (executable-find (car aexy-command))
    (user-error "aexy: executable `%s' not found; install it (cargo install --path daemon) or set `aexy-command'"
                (car aexy-command)))
  (let* ((name (format "aexy %s" root))
         (default-directory (file-name-as-directory root))
         (conn
          (make-instance
           'jsonrpc-process-connection
           :name name
           :process (lambda ()
                      (make-process :name name
                                    :command aexy-command
                                    :connection-type 'pipe
                                    :coding 'utf-8-emacs-unix
                                    :noquery t
                                    :stderr (get-buffer-create (format "*%s stderr*" name))))
           :request-dispatcher #'aexy--handle-request
           :notification-dispatcher #'aexy--handle-notification
           :on-shutdown (lambda (_conn) (remhash root aexy--connections)))))
    (aexy--sync
     conn :initialize
     (list :processId (emacs-pid)
           :clientInfo (list :name "aexy.el" :version "0.1.0")
           :rootUri (aexy--uri root)
           :workspaceFolders (vector (list :uri (aexy--uri root) :name (file-name-nondirectory root)))
           :initializationOptions (aexy--init-options)
           :capabilities (list :window (list :showDocument (list :support t) :workDoneProgress t)
                               :workspace (list :codeLens (list :refreshSupport t)
                                                :inlayHint (list :refreshSupport t))
                               :textDocument (list :synchronization (list :didSave t)))))
    (jsonrpc-notify conn :initialized (make-hash-table))
    (puthash root conn aexy--connections)
    conn))

(defun aexy--connection-for (root)
  "The live connection for ROOT, starting the daemon when needed."
  (let ((conn (gethash root aexy--connections)))
    (if (and conn (jsonrpc-running-p conn))
        conn
      (aexy--start root))))

(defun aexy-apply-settings ()
  "Send the current options to every running daemon; they apply them at once."
  (interactive)
  (maphash (lambda (_root conn)
             (when (jsonrpc-running-p conn)
               (jsonrpc-notify conn :workspace/didChangeConfiguration
                               (list :settings (aexy--init-options)))))
           aexy--connections)
  (aexy--refresh-summaries))

(defun aexy-shutdown-all ()
  "Shut every daemon down (LSP shutdown, then exit)."
  (interactive)
  (maphash (lambda (_root conn)
             (ignore-errors (aexy--sync conn :shutdown nil 5))
             (ignore-errors (jsonrpc-notify conn :exit nil))
             (ignore-errors (jsonrpc-shutdown conn)))
           aexy--connections)
  (clrhash aexy--connections))

;;;; Document sync

(defun aexy--doc () (list :uri (aexy--uri buffer-file-name)))

(defun aexy--did-open ()
  (setq aexy--version 1)
  (jsonrpc-notify aexy--connection :textDocument/didOpen
                  (list :textDocument
                        (list :uri (aexy--uri buffer-file-name)
                              :languageId (string-remove-suffix "-mode" (symbol-name major-mode))
                              :version aexy--version
                              :text (save-restriction (widen) (buffer-substring-no-properties (point-min) (point-max)))))))

(defun aexy--send-change (buffer)
  "Send BUFFER's whole text as a didChange (full sync)."
  (when (buffer-live-p buffer)
    (with-current-buffer buffer
      (setq aexy--change-timer nil)
      (when (and aexy--connection (jsonrpc-running-p aexy--connection))
        (cl-incf aexy--version)
        (jsonrpc-notify aexy--connection :textDocument/didChange
                        (list :textDocument (list :uri (aexy--uri buffer-file-name) :version aexy--version)
                              :contentChanges
                              (vector (list :text (save-restriction (widen) (buffer-substring-no-properties (point-min) (point-max)))))))))))

(defun aexy--after-change (&rest _)
  (unless aexy--change-timer
    (setq aexy--change-timer (run-with-idle-timer 0.2 nil #'aexy--send-change (current-buffer)))))

(defun aexy-flush-changes ()
  "Send this buffer's pending change now."
  (when aexy--change-timer
    (cancel-timer aexy--change-timer)
    (aexy--send-change (current-buffer))))

(defun aexy--did-save ()
  (when (and aexy--connection (jsonrpc-running-p aexy--connection))
    (jsonrpc-notify aexy--connection :textDocument/didSave (list :textDocument (aexy--doc)))))

(defun aexy--did-close ()
  (when (and aexy--connection (jsonrpc-running-p aexy--connection) buffer-file-name)
    (ignore-errors (jsonrpc-notify aexy--connection :textDocument/didClose (list :textDocument (aexy--doc))))))

;;;; Eldoc and the first-line summary

(defun aexy--line-summary (r)
  "One line about the ownership answer R."
  (let ((line (plist-get r :line))
        (experts (plist-get r :experts)))
    (string-join
     (delq nil
           (list
            (cond ((null line) nil)
                  ((eq (plist-get line :uncommitted) t) "not committed yet")
                  (t (format "%s, %s: %s"
                             (plist-get (plist-get line :author) :name)
                             (substring (or (plist-get line :date) "") 0 (min 10 (length (or (plist-get line :date) ""))))
                             (plist-get line :summary))))
            (when (> (length experts) 0)
              (concat "experts: "
                      (mapconcat (lambda (e) (format "%s %d%%" (plist-get e :name) (round (* 100 (or (plist-get e :share) 0)))))
                                 (seq-take experts 3) ", ")))
            (plist-get r :risk)))
     " · ")))

(defun aexy-eldoc-function (callback &rest _)
  "Eldoc backend: calls CALLBACK with who last changed the line at point."
  (when (and aexy-eldoc aexy--connection (jsonrpc-running-p aexy--connection))
    (aexy-flush-changes)
    (let ((buffer (current-buffer)))
      (jsonrpc-async-request
       aexy--connection :aexy/ownership
       (list :textDocument (aexy--doc) :position (list :line (1- (line-number-at-pos)) :character 0))
       :success-fn (lambda (r)
                     (when (buffer-live-p buffer)
                       (let ((s (aexy-render-visible (aexy--line-summary r))))
                         (funcall callback (and (not (string-empty-p s)) s) :thing "aexy"))))
       :error-fn (lambda (_e) (funcall callback nil))
       :timeout-fn (lambda () (funcall callback nil))))
    t))

(defun aexy--refresh-summary ()
  "Ask the daemon for the first-line inlay hint and show it as an overlay."
  (when (and (not aexy-first-line-summary) aexy--summary-overlay)
    (delete-overlay aexy--summary-overlay)
    (setq aexy--summary-overlay nil))
  (when (and aexy-first-line-summary aexy--connection (jsonrpc-running-p aexy--connection))
    (let ((buffer (current-buffer)))
      (jsonrpc-async-request
       aexy--connection :textDocument/inlayHint
       (list :textDocument (aexy--doc)
             :range (list :start (list :line 0 :character 0) :end (list :line 1 :character 0)))
       :success-fn
       (lambda (hints)
         (when (buffer-live-p buffer)
           (with-current-buffer buffer
             (when aexy--summary-overlay (delete-overlay aexy--summary-overlay))
             (when (> (length hints) 0)
               (let* ((label (plist-get (aref hints 0) :label))
                      (text (if (stringp label) label
                              (mapconcat (lambda (p) (plist-get p :value)) label ""))))
                 (save-excursion
                   (goto-char (point-min))
                   (setq aexy--summary-overlay (make-overlay (line-end-position) (line-end-position)))
                   (overlay-put aexy--summary-overlay 'aexy t)
                   (overlay-put aexy--summary-overlay 'after-string
                                (propertize (concat "  " (aexy-render-visible (string-trim text)))
                                            'face 'shadow))))))))
       :error-fn #'ignore))))

(defun aexy--refresh-summaries ()
  (dolist (b (buffer-list))
    (with-current-buffer b
      (when aexy-mode (aexy--refresh-summary)))))

;;;; The minor modes

(defun aexy--install-eldoc ()
  "Add aexy's eldoc backend after the language server's (eglot, lsp-mode)."
  (when aexy-eldoc
    (add-hook 'eldoc-documentation-functions #'aexy-eldoc-function 90 t)
    (when aexy-eldoc-compose
      (setq-local eldoc-documentation-strategy #'eldoc-documentation-compose))))

(defun aexy--after-other-client ()
  "Add aexy's eldoc back: eglot replaces `eldoc-documentation-functions'."
  (when (bound-and-true-p aexy-mode)
    (aexy--install-eldoc)))

(add-hook 'eglot-managed-mode-hook #'aexy--after-other-client)
(add-hook 'lsp-managed-mode-hook #'aexy--after-other-client)

;;;###autoload
(define-minor-mode aexy-mode
  "Ownership from the aexy daemon in this buffer, beside any other language server."
  :lighter (:eval (or aexy--progress " aexy"))
  (if aexy-mode
      (let ((root (aexy--root)))
        (if (not root)
            (progn (setq aexy-mode nil) (message "aexy: %s is not in a git repository" (buffer-name)))
          (condition-case err
              (progn
                (setq aexy--connection (aexy--connection-for root))
                (aexy--did-open)
                (add-hook 'after-change-functions #'aexy--after-change nil t)
                (add-hook 'after-save-hook #'aexy--did-save nil t)
                (add-hook 'kill-buffer-hook #'aexy--did-close nil t)
                (aexy--install-eldoc)
                (eldoc-mode 1)
                (aexy--refresh-summary))
            (error (setq aexy-mode nil) (message "%s" (error-message-string err))))))
    (aexy--did-close)
    (remove-hook 'after-change-functions #'aexy--after-change t)
    (remove-hook 'after-save-hook #'aexy--did-save t)
    (remove-hook 'kill-buffer-hook #'aexy--did-close t)
    (remove-hook 'eldoc-documentation-functions #'aexy-eldoc-function t)
    (when aexy--summary-overlay (delete-overlay aexy--summary-overlay))
    (setq aexy--connection nil)))

(defun aexy--maybe-enable ()
  (when (and buffer-file-name (not (file-remote-p buffer-file-name)) (aexy--root))
    (aexy-mode 1)))

;;;###autoload
(define-globalized-minor-mode global-aexy-mode aexy-mode aexy--maybe-enable)

(add-hook 'kill-emacs-hook #'aexy-shutdown-all)

(declare-function aexy-explain--progress "aexy-explain" (params))

(provide 'aexy)
(require 'aexy-commands)
(require 'aexy-explain)
;;; aexy.el ends here
