"""The README shows the example test as it is."""

from pathlib import Path

HERE = Path(__file__).resolve().parent.parent


def test_readme_shows_the_example_verbatim() -> None:
    example = (HERE / "examples" / "test_example.py").read_text()
    readme = (HERE / "README.md").read_text()
    assert f"```python\n{example}```" in readme
