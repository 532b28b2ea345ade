;;; aexy-people.el --- Careers, mentors, CODEOWNERS, teams and hiring in aexy.el  -*- lexical-binding: t; -*-

;; SPDX-License-Identifier: MIT

;;; Commentary:

;; The people answers of the daemon as lines for the *aexy* buffer — the career part of a
;; profile (placement, gaps with their evidence, the learning path with files to read and a
;; mentor), mentors, the CODEOWNERS check or proposal, teams and hiring gaps — and the
;; commands `aexy-career', `aexy-mentors', `aexy-codeowners', `aexy-teams', `aexy-hiring'.
;; Every figure comes from the daemon.

;;; Code:

(require 'subr-x)
(require 'seq)
(require 'aexy-render)

(declare-function aexy--request "aexy-commands" (method params))
(declare-function aexy--show "aexy-commands" (title lines))
(declare-function aexy--doc-or-root "aexy-commands" ())

(defun aexy-people--str (v)
  "V as text (nil and :json-false as empty)."
  (cond ((stringp v) v) ((numberp v) (format "%s" v)) (t "")))

(defun aexy-people-career-lines (c)
  "Lines for the details C of an `aexy/career' answer."
  (when c
    (let ((out (list "" "Career:"
                     (format "  Placed at %s (ladder: %s)%s"
                             (or (plist-get c :placementTitle) "no role yet")
                             (aexy-people--str (plist-get c :ladder))
                             (if (stringp (plist-get c :targetTitle)) (concat "; toward " (plist-get c :targetTitle)) ""))))
          (path (plist-get c :path)))
      (seq-doseq (g (plist-get c :gaps))
        (seq-doseq (a (plist-get g :alternatives))
          (setq out (append out (list (format "  ✗ %s: %s — %s" (plist-get a :requirement)
                                              (if (numberp (plist-get a :value)) (plist-get a :value) "not measured")
                                              (aexy-people--str (plist-get a :evidence))))))))
      (when (or (> (length (plist-get path :steps)) 0) (> (length (plist-get path :notes)) 0))
        (setq out (append out (list "" "Learning path:"))))
      (let ((i 0))
        (seq-doseq (st (plist-get path :steps))
          (setq i (1+ i))
          (setq out (append out (list (format "  %d. %s — %s" i (plist-get st :area) (aexy-people--str (plist-get st :why))))))
          (seq-doseq (r (plist-get st :readFirst))
            (setq out (append out (list (format "     read %s (%s)" (plist-get r :path) (aexy-people--str (plist-get r :why)))))))
          (let ((m (plist-get st :mentor)))
            (setq out (append out (list (if m
                                            (format "     mentor: %s (%s)" (plist-get m :name) (aexy-people--str (plist-get m :why)))
                                          "     mentor: no active expert here")))))))
      (seq-doseq (n (plist-get path :notes))
        (setq out (append out (list (concat "  " n)))))
      out)))

(defun aexy-people--details (r)
  "The details of envelope R, or nil when it is not available."
  (unless (eq (plist-get r :available) :json-false) (plist-get r :details)))

(defun aexy-people-mentors-lines (r)
  "Lines for an `aexy/mentors' answer R."
  (or (when-let ((m (aexy-render--unavailable r))) (list m))
      (let ((ms (plist-get (plist-get r :details) :mentors)))
        (if (= (length ms) 0)
            (list "Nobody authors this code.")
          (mapcar (lambda (m)
                    (format "  %-24s %-11s %s" (plist-get m :name)
                            (cond ((eq (plist-get m :active) :json-false) "inactive")
                                  ((eq (plist-get m :overloaded) t) "overloaded")
                                  (t "available"))
                            (aexy-people--str (plist-get m :why))))
                  ms)))))

(defun aexy-people-codeowners-lines (r)
  "Lines for an `aexy/codeowners' answer R (check or suggest)."
  (or (when-let ((m (aexy-render--unavailable r))) (list m))
      (let ((d (plist-get r :details)))
        (if (stringp (plist-get d :diff))
            (split-string (if (string-empty-p (plist-get d :diff)) "(no change)" (plist-get d :diff)) "\n")
          (append (list (format "%s: %s rules (%s), %s of %s files owned" (plist-get d :file)
                                (plist-get d :rules) (plist-get d :dialect) (plist-get d :coveredFiles) (plist-get d :files)))
                  (if (= (length (plist-get d :findings)) 0)
                      (list "No findings: the declared owners match the measured experts.")
                    (mapcar (lambda (f)
                              (format "  %-10s %-8s %s  %s%s" (plist-get f :kind)
                                      (if (numberp (plist-get f :line)) (format "line %d" (plist-get f :line)) "")
                                      (aexy-people--str (plist-get f :pattern)) (plist-get f :message)
                                      (if (> (length (plist-get f :people)) 0)
                                          (concat " — " (mapconcat (lambda (p) (format "%s: %s" (plist-get p :name) (plist-get p :detail)))
                                                                   (plist-get f :people) "; "))
                                        "")))
                            (plist-get d :findings))))))))

(defun aexy-people-teams-lines (r)
  "Lines for an `aexy/teams' answer R."
  (or (when-let ((m (aexy-render--unavailable r))) (list m))
      (let ((d (plist-get r :details)))
        (if (stringp (plist-get d :answer))
            (list (plist-get d :answer))
          (or (mapcar (lambda (tm)
                        (format "  %s: %s files, truck factor %s, %s silo files, %s orphaned; members: %s"
                                (plist-get tm :name) (plist-get tm :files)
                                (plist-get (plist-get tm :truckFactor) :value) (plist-get tm :siloFiles) (plist-get tm :orphanedFiles)
                                (let ((ms (plist-get tm :members)))
                                  (if (> (length ms) 0) (mapconcat #'aexy-render--name ms ", ") "unknown"))))
                      (plist-get d :teams))
              (list "No teams: declare them in .aexy/teams.toml or name them in CODEOWNERS."))))))

(defun aexy-people-hiring-lines (r)
  "Lines for an `aexy/hiring' answer R (the gaps)."
  (or (when-let ((m (aexy-render--unavailable r))) (list m))
      (let ((i 0))
        (mapcar (lambda (g)
                  (setq i (1+ i))
                  (format "%2d. %-20s %s — risk %s; %s" i (plist-get g :kind) (plist-get g :subject) (plist-get g :risk)
                          (mapconcat #'identity (plist-get g :evidence) "; ")))
                (plist-get r :details)))))

(defun aexy-career (&optional developer target)
  "Show DEVELOPER's career report (default: you).\nTARGET is the role to aim at (default: the next one)."
  (interactive (list (let ((s (read-string "Developer (empty: you): "))) (unless (string-empty-p s) s))
                     (let ((s (read-string "Target role (empty: the next one): "))) (unless (string-empty-p s) s))))
  (let* ((r (aexy--request :aexy/career (append (list :textDocument (aexy--doc-or-root))
                                                  (when developer (list :developer developer))
                                                  (when target (list :target target)))))
         (d (aexy-people--details r)))
    (aexy--show (format "Career: %s" (or developer "you"))
                (if d (aexy-people-career-lines d) (list (aexy-render--unavailable r))))))

(defun aexy-mentors (area)
  "Show who can teach AREA (a directory of the repository)."
  (interactive (list (read-string "Area (directory): ")))
  (aexy--show (format "Who can teach %s" area)
              (aexy-people-mentors-lines (aexy--request :aexy/mentors (list :textDocument (aexy--doc-or-root) :area area)))))

(defun aexy-codeowners (&optional suggest)
  "Check CODEOWNERS against the history.\nWith prefix argument SUGGEST, show a proposal instead."
  (interactive "P")
  (aexy--show (if suggest "CODEOWNERS proposal" "CODEOWNERS check")
              (aexy-people-codeowners-lines
               (aexy--request :aexy/codeowners (list :textDocument (aexy--doc-or-root) :mode (if suggest "suggest" "check"))))))

(defun aexy-teams (&optional path)
  "Show the teams; with PATH, which team to ask about it."
  (interactive (list (let ((s (read-string "Path (empty: every team): "))) (unless (string-empty-p s) s))))
  (aexy--show (if path (format "Which team: %s" path) "Teams")
              (aexy-people-teams-lines
               (aexy--request :aexy/teams (append (list :textDocument (aexy--doc-or-root)) (when path (list :ask path)))))))

(defun aexy-hiring ()
  "Show the hiring gaps, riskiest first."
  (interactive)
  (aexy--show "Hiring gaps" (aexy-people-hiring-lines (aexy--request :aexy/hiring (list :textDocument (aexy--doc-or-root))))))

(provide 'aexy-people)
;;; aexy-people.el ends here
