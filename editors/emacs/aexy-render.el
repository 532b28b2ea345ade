;;; aexy-render.el --- Text rendering of aexy answers  -*- lexical-binding: t; -*-

;; SPDX-License-Identifier: MIT

;;; Commentary:

;; Turns the daemon's answers (plists as parsed by `jsonrpc') into lines for the *aexy*
;; buffer: ownership, ranked candidates, profiles and team insights with text bars.

;;; Code:

(require 'subr-x)
(require 'seq)

(defun aexy-render-visible (s)
  "S as visible text.
Control characters (newlines too), C1 controls and bidirectional
overrides from commit subjects, names and paths become U+FFFD, so
they cannot reorder, hide or split what is shown."
  (if (stringp s)
      (replace-regexp-in-string
       "[\x00-\x08\x0a-\x1f\x7f\x80-\x9f\u202a-\u202e\u2066-\u2069]" "\ufffd" s t t)
    s))

(defun aexy-render--name (p)
  "Display name of person P (a plist or a string)."
  (cond ((stringp p) p)
        ((plist-get p :name))
        ((plist-get p :email))
        (t "?")))

(defun aexy-render-ownership (r)
  "Lines for an `aexy/ownership' answer R."
  (let ((line (plist-get r :line))
        (out nil))
    (when line
      (push (if (eq (plist-get line :uncommitted) t)
                "Line: not committed yet"
              (format "Line: %s, %s — %s (%s)"
                      (aexy-render--name (plist-get line :author))
                      (plist-get line :date) (plist-get line :summary)
                      (substring (or (plist-get line :commit) "") 0 (min 8 (length (or (plist-get line :commit) ""))))))
            out)
      (when (> (length (plist-get line :coAuthors)) 0)
        (push (concat "Co-authors: " (mapconcat #'aexy-render--name (plist-get line :coAuthors) ", ")) out)))
    (when (> (length (plist-get r :experts)) 0)
      (push "" out)
      (push "Experts:" out)
      (seq-doseq (e (plist-get r :experts))
        (push (format "  %-24s %3d%%%s" (plist-get e :name) (round (* 100 (or (plist-get e :share) 0)))
                      (if (plist-get e :lastActive) (concat "  last active " (plist-get e :lastActive)) ""))
              out)))
    (when (plist-get r :risk)
      (push "" out)
      (push (concat "Signal: " (plist-get r :risk)) out))
    (when (eq (plist-get r :indexing) t)
      (push "(indexing: answered from the previous index)" out))
    (nreverse out)))

(defun aexy-render--unavailable (r)
  "The daemon's message when R says it is not available, else nil."
  (when (eq (plist-get r :available) :json-false)
    (concat "Not available: " (or (plist-get r :message) "this daemon does not serve it yet"))))

(defun aexy-render-candidates (r)
  "Lines for a ranked-candidates answer R (task matching, reviewers)."
  (or (when-let ((m (aexy-render--unavailable r))) (list m))
      (let ((list (or (append (plist-get r :candidates) nil)
                      (mapcar (lambda (m) (list :person (plist-get m :developer) :score (plist-get m :score)
                                                :reasons (plist-get m :reasons)))
                              (plist-get r :matches))))
            (i 0) (out nil))
        (when (stringp (plist-get r :message))
          (push (plist-get r :message) out))
        (if (null list)
            (list "Nobody matched.")
          (dolist (c list)
            (setq i (1+ i))
            (push (format "%d. %s (score %.2f)" i (aexy-render--name (plist-get c :person)) (or (plist-get c :score) 0)) out)
            (seq-doseq (reason (plist-get c :reasons))
              (push (concat "     - " reason) out)))
          (nreverse out)))))

(defun aexy-render-issue (i)
  "Lines about the issue I of an `aexy/matchIssue' answer: status, address, files."
  (let ((out nil))
    (when (stringp (plist-get i :status)) (push (concat "Status: " (plist-get i :status)) out))
    (when (and (stringp (plist-get i :url)) (not (string-empty-p (plist-get i :url))))
      (push (plist-get i :url) out))
    (let ((paths (append (plist-get i :paths) nil)))
      (when paths (push (concat "Files: " (mapconcat #'identity paths ", ")) out)))
    (when out (push "" out))
    (nreverse out)))

(defun aexy-render--label (row)
  (or (seq-some (lambda (k) (let ((v (plist-get row k))) (and (stringp v) v)))
                '(:name :language :path :file :directory :area))
      "?"))

(defun aexy-render--measure (row)
  (or (seq-some (lambda (k) (let ((v (plist-get row k))) (and (numberp v) v)))
                '(:score :share :value :truckFactor :lines :changes :revisions :commits :degree))
      0))

(defun aexy-render--flatten (row)
  "ROW with nested measures lifted.
`:proficiency' merges in; an object with a numeric `:value' (a
directory's truck factor) or `:total' (complexity) becomes it."
  (let ((out (copy-sequence row)) (tail row))
    (while tail
      (let ((k (car tail)) (v (cadr tail)))
        (when (and (consp v) (keywordp (car v)))
          (cond ((eq k :proficiency)
                 (let ((p v))
                   (while p
                     (unless (plist-member out (car p)) (setq out (plist-put out (car p) (cadr p))))
                     (setq p (cddr p)))))
                ((numberp (plist-get v :value)) (setq out (plist-put out k (plist-get v :value))))
                ((numberp (plist-get v :total)) (setq out (plist-put out k (plist-get v :total)))))))
      (setq tail (cddr tail)))
    out))

(defun aexy-render--bars (title rows)
  "A TITLE line and one text bar per row of ROWS (largest measure = full bar)."
  (when (> (length rows) 0)
    (let* ((rows (mapcar #'aexy-render--flatten rows))
           (max (apply #'max 1e-9 (mapcar #'aexy-render--measure rows))))
      (append (list "" (concat title ":"))
              (mapcar (lambda (row)
                        (let* ((v (aexy-render--measure row))
                               (n (round (* 20 (/ v (float max))))))
                          (format "  %-28s %s%s %s%s" (aexy-render--label row)
                                  (make-string n ?█) (make-string (- 20 n) ?·)
                                  (if (integerp v) v (format "%.2f" v))
                                  (if (stringp (plist-get row :level)) (concat " " (plist-get row :level)) ""))))
                      (seq-take (append rows nil) 12))))))

(defun aexy-render--details (r)
  (if (plist-get r :details) (plist-get r :details) r))

(defun aexy-render-profile (r)
  "Lines for an `aexy/profile' answer R."
  (or (when-let ((m (aexy-render--unavailable r))) (list m))
      (let ((d (aexy-render--details r)))
        (append (aexy-render--bars "Languages" (plist-get d :languages))
                (aexy-render--bars "Frameworks and libraries" (plist-get d :frameworks))
                (aexy-render--bars "Areas" (plist-get d :areas))
                (aexy-render--bars "Collaborators" (plist-get d :collaborators))))))

(defun aexy-render-team (r)
  "Lines for an `aexy/teamInsights' answer R."
  (or (when-let ((m (aexy-render--unavailable r))) (list m))
      (let* ((d (aexy-render--details r))
             (tf (plist-get d :truckFactor)))
        (append (when tf
                  (list (format "Truck factor: %s (%s)" (plist-get tf :value)
                                (mapconcat #'aexy-render--name (plist-get tf :developers) ", "))))
                (aexy-render--bars "Truck factor by directory" (plist-get d :directories))
                (aexy-render--bars "Hotspots" (plist-get d :hotspots))
                (aexy-render--bars "Change coupling" (plist-get d :coupling))
                (let* ((silos (plist-get d :silos))
                       (list (if (vectorp silos) silos (plist-get silos :fileList))))
                  (when (> (length list) 0)
                    (cons "" (cons (format "Knowledge silos: %d" (length list))
                                   (mapcar (lambda (s) (format "  %s: %s" (or (plist-get s :path) (plist-get s :file))
                                                               (aexy-render--name (or (plist-get s :author) (plist-get s :dev)))))
                                           (seq-take (append list nil) 10))))))))))

(provide 'aexy-render)
;;; aexy-render.el ends here
