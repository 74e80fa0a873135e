"""A bare Flask JSON endpoint: the baseline the API's rates are compared with."""
from flask import Flask

app = Flask(__name__)


@app.get("/bare")
def bare():
    return {"status": "ok", "items": []}
