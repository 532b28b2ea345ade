;;; aexy-explain.el --- "Explain the history of this code" for aexy.el  -*- lexical-binding: t; -*-

;; SPDX-License-Identifier: MIT

;;; Commentary:

;; `aexy-explain' sends `aexy/explain' for the region (or the line at point) and shows the
;; answer in the *aexy explain* buffer: the explanation streams in as the daemon's
;; `aexy/explainProgress' notifications arrive, then the evidence timeline follows.  When the
;; daemon says the prompt is large, Emacs asks before anything is sent.

;;; Code:

(require 'aexy)
(require 'jsonrpc)
(require 'subr-x)

(defvar aexy-explain--views (make-hash-table :test 'equal)
  "Request token -> the buffer its streamed text goes to.")

(defvar aexy-explain--counter 0)

(define-derived-mode aexy-explain-mode special-mode "aexy-explain"
  "The streamed explanation of some lines' history.")

(defun aexy-explain--append (buf text)
  "Insert TEXT at the end of BUF."
  (when (buffer-live-p buf)
    (with-current-buffer buf
      (let ((inhibit-read-only t))
        (save-excursion
          (goto-char (point-max))
          (insert text))))))

(defun aexy-explain--progress (params)
  "Handle an `aexy/explainProgress' notification with PARAMS."
  (when-let ((buf (gethash (plist-get params :token) aexy-explain--views)))
    (aexy-explain--append buf (or (plist-get params :text) ""))))

(defun aexy-explain--finish (buf r)
  "Show the end of result R in BUF: credits, notes, then the evidence timeline."
  (let ((x (plist-get r :explanation))
        (llm (plist-get r :llm)))
    (cond
     (x
      (aexy-explain--append
       buf (format "\n\n(%s %s from the evidence below)\n"
                   (if (eq (plist-get x :cached) t) "cached answer of" "written by")
                   (plist-get x :endpoint)))
      (let ((unknown (plist-get x :unknownCitations)))
        (when (> (length unknown) 0)
          (aexy-explain--append
           buf (format "Not commits of this evidence: %s\n" (string-join (append unknown nil) ", ")))))
      (seq-doseq (n (plist-get x :notes))
        (aexy-explain--append buf (format "(%s)\n" n))))
     ((stringp llm)
      (aexy-explain--append buf (format "No explanation: %s\n" llm))))
    (aexy-explain--append buf (concat "\n" (or (plist-get r :markdown) "")))))

(defun aexy-explain--send (conn buf params)
  "Send `aexy/explain' with PARAMS on CONN, streaming into BUF."
  (let ((token (plist-get params :token)))
    (puthash token buf aexy-explain--views)
    (jsonrpc-async-request
     conn :aexy/explain params
     :timeout 900
     :success-fn
     (lambda (r)
       (remhash token aexy-explain--views)
       (cond
        ((eq (plist-get r :available) :json-false)
         (aexy-explain--append buf (format "Not available: %s\n" (plist-get r :message))))
        ((and (plist-get r :confirm)
              (yes-or-no-p (format "Send about %s tokens to %s? "
                                   (plist-get (plist-get r :confirm) :promptTokens)
                                   (plist-get (plist-get r :confirm) :endpoint))))
         (aexy-explain--send conn buf (plist-put (plist-put (copy-sequence params) :confirmed t)
                                                 :token (format "%s-confirmed" token))))
        (t (aexy-explain--finish buf r))))
     :error-fn
     (lambda (e)
       (remhash token aexy-explain--views)
       (aexy-explain--append buf (format "\naexy: %s\n" (plist-get e :message))))
     :timeout-fn
     (lambda () (remhash token aexy-explain--views)))))

;;;###autoload
(defun aexy-explain (start end)
  "Explain the history of the lines from START to END.
Interactively, the region's lines, or the line at point."
  (interactive (if (use-region-p)
                   (list (region-beginning) (region-end))
                 (list (line-beginning-position) (line-end-position))))
  (unless buffer-file-name (user-error "aexy: this buffer visits no file"))
  (aexy-flush-changes)
  (let* ((conn (or (and aexy--connection (jsonrpc-running-p aexy--connection) aexy--connection)
                   (user-error "aexy: no daemon for this buffer (is it in a git repository?)")))
         (first (1- (line-number-at-pos start)))
         (last (1- (line-number-at-pos (if (and (> end start) (= end (save-excursion (goto-char end) (line-beginning-position))))
                                           (1- end)
                                         end))))
         (name (file-relative-name (file-truename buffer-file-name) (aexy--root)))
         (token (format "emacs-explain-%d" (cl-incf aexy-explain--counter)))
         (buf (get-buffer-create "*aexy explain*")))
    (with-current-buffer buf
      (let ((inhibit-read-only t))
        (erase-buffer)
        (aexy-explain-mode)
        (insert (propertize (format "Explaining %s lines %d–%d" name (1+ first) (1+ last)) 'face 'bold) "\n\n")))
    (display-buffer buf)
    (aexy-explain--send conn buf (list :textDocument (aexy--doc)
                                       :range (list :start first :end last)
                                       :token token))
    buf))

(provide 'aexy-explain)
;;; aexy-explain.el ends here
