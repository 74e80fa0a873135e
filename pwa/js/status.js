// The idea workflow, mirroring server/ideas/workflow.py (STATUSES, TRANSITIONS).
// Kept as plain JSON-like literals so a test can compare it with the server.
export const STATUSES = ["submitted", "acknowledged", "in_review", "approved", "implemented", "declined", "merged"];

export const TRANSITIONS = {
  "submitted": ["acknowledged", "declined"],
  "acknowledged": ["in_review", "approved", "declined"],
  "in_review": ["approved", "declined"],
  "approved": ["implemented", "declined"],
  "implemented": [],
  "declined": ["in_review"],
  "merged": []
};

// Moving to these needs a note the submitter will read.
export const NOTE_REQUIRED = ["declined"];

export const canMove = (from, to) => (TRANSITIONS[from] || []).includes(to);
