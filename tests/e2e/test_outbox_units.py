"""The outbox's retry policy and its request records, run in Chromium as the app runs them."""
from __future__ import annotations

import json

CLASSIFY = """async () => {
  const { classify, backoff } = await import('/js/outbox/policy.js');
  const codes = [0, 200, 201, 204, 400, 401, 403, 404, 408, 409, 410, 413, 422, 429, 500, 502, 503];
  const low = [1, 2, 3, 8, 20].map((n) => backoff(n, () => 0));
  const high = [1, 2, 3, 8, 20].map((n) => backoff(n, () => 1));
  return { classes: Object.fromEntries(codes.map((c) => [c, classify(c)])), low, high };
}"""

RECORD = """async () => {
  const { multipartRecord, toWire } = await import('/js/outbox/record.js');
  const key = '6f0c3a52-0000-4000-8000-000000000001';
  const record = multipartRecord('/api/v1/ideas', [['title', 'Kök'], ['description', 'Åtgärda\\r\\nkranen']],
    [{ name: 'photo', filename: 'a.jpg', type: 'image/jpeg', data: new Uint8Array([255, 216, 255, 217]).buffer }], key);
  const one = toWire(record);
  const two = toWire(record);
  const same = new Uint8Array(one.body).every((b, i) => b === new Uint8Array(two.body)[i]);
  return { headers: one.headers, same, text: new TextDecoder('latin1').decode(one.body) };
}"""


def test_the_retry_policy_decides_by_status_code(page, live_server):
    page.goto(f"{live_server}/signin")
    result = page.evaluate(CLASSIFY)
    classes = result["classes"]
    assert classes["200"] == classes["201"] == classes["204"] == "sent"
    assert classes["401"] == "auth"
    assert {classes[c] for c in ("0", "408", "429", "500", "502", "503")} == {"retry"}
    assert {classes[c] for c in ("400", "403", "404", "409", "410", "413", "422")} == {"rejected"}
    assert result["low"] == [2500, 5000, 10000, 300000, 300000]
    assert result["high"] == [5000, 10000, 20000, 600000, 600000]


def test_a_queued_idea_is_sent_as_the_same_bytes_every_time(page, live_server):
    page.goto(f"{live_server}/signin")
    wire = page.evaluate(RECORD)
    assert wire["same"]
    assert wire["headers"]["Idempotency-Key"] == "6f0c3a52-0000-4000-8000-000000000001"
    assert wire["headers"]["X-Requested-With"] == "gnista"
    boundary = wire["headers"]["Content-Type"].split("boundary=")[1]
    assert wire["text"].startswith(f"--{boundary}\r\n") and wire["text"].endswith(f"--{boundary}--\r\n")
    assert 'name="photo"; filename="a.jpg"' in wire["text"]
    assert json.dumps("Åtgärda") not in wire["text"]  # UTF-8 bytes, not escaped text


RESENT = """async () => {
  const { ideaRecord } = await import('/js/outbox/writes.js');
  const { rebuild } = await import('/js/ui/outbox-fix.js');
  const category = '6f0c3a52-0000-4000-8000-00000000000c';
  const meta = { title: '', description: 'Frukt', anonymous: false, category_id: category };
  const record = ideaRecord({ ...meta, photos: [] }, 'old-key');
  const fields = (r) => Object.fromEntries(r.record.form.fields);
  // "Skicka som ny"; an entry queued before meta kept the category; an edit choosing none.
  return [rebuild({ kind: 'idea', meta, record }), rebuild({ kind: 'idea', meta: { ...meta, category_id: undefined }, record }),
          rebuild({ kind: 'idea', meta, record }, { description: 'Frukt varje dag', category_id: '' })].map(fields);
}"""


def test_an_idea_sent_again_from_the_outbox_keeps_its_category(page, live_server):
    page.goto(f"{live_server}/signin")
    resent, legacy, cleared = page.evaluate(RESENT)
    assert resent["category_id"] == legacy["category_id"] == "6f0c3a52-0000-4000-8000-00000000000c"
    assert cleared["description"] == "Frukt varje dag" and "category_id" not in cleared
