import pytest
from test_hook import PARAMS, RECIPE

from jopt.errors import ScriptError
from jopt.script.handmade import remove_hand_made
from jopt.script.hook import HookState, inject, inspect
from jopt.script.scripttext import split


def test_recipe_hook_is_taken_out_completely():
    adopted = remove_hand_made(split(RECIPE)).join()
    assert (
        adopted
        == "#!/bin/sh\nJAR_FILE=x.jar\njava \\\n    -Dloader.path=${GATEWAY_LOADER_PATH} \\\n-jar ${JAR_FILE} &\n"
    )
    assert "set -x" not in adopted and "export" not in adopted


def test_adopted_script_takes_the_managed_hook():
    hooked = inject(remove_hand_made(split(RECIPE)), PARAMS)
    assert inspect(hooked.lines, PARAMS).state is HookState.CURRENT


def test_hand_made_hook_of_another_shape_is_left_to_a_person():
    text = "#!/bin/sh\nOPTS=-Xoptionsfile=/x\njava \\\n  $OPTS \\\n  -jar x &\n"
    with pytest.raises(ScriptError, match="not inside an if … fi block; remove it by hand"):
        remove_hand_made(split(text))
