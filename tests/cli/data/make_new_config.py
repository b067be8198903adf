"""Write the config freqtrade 2026.9's own ``new-config`` writes, without its questions.

Run with the reference interpreter, outside this repository (so ``freqtrade`` is freqtrade):
``cd / && $FT_REFERENCE_VENV/bin/python tests/cli/data/make_new_config.py OUT.json``.
Every question gets its default answer, except an API server with a password, so the
file is what a user who presses Enter through ``freqtrade new-config`` gets.
"""
import sys

import freqtrade.configuration.deploy_config as deploy_config

ANSWERS = {"exchange_name": "binance", "api_server": True, "api_server_password": "s3cret-pass",
           "telegram": False}


def default_answers(questions: list[dict]) -> dict:
    answers: dict = {}
    for question in questions:
        when = question.get("when")
        if when and not when(answers):
            continue
        name = question["name"]
        if name in ANSWERS:
            value = ANSWERS[name]
        elif "default" in question:
            default = question["default"]
            value = default(answers) if callable(default) else default
        else:
            value = question["choices"][0]
        if "filter" in question:
            value = question["filter"](value)
        answers[name] = value
    return answers


if __name__ == "__main__":
    deploy_config.prompt = default_answers
    from freqtrade.main import main

    sys.argv = ["freqtrade", "new-config", "-c", sys.argv[1]]
    main()
