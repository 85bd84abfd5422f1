"""A progress bar over epochs for ``Network.fit(progress=True)``.

In a terminal it is tqdm's text bar.  In a notebook it is tqdm's widget, shown
with the widget's view only and no ``text/plain`` copy: the live notebook
shows the bar, while an executed notebook stores no bar text (whose rates and
times would differ on every run) for nbval to compare.
"""

__all__ = ["epoch_bar"]


def epoch_bar(epochs):
    """Return a tqdm bar over ``range(epochs)`` that disappears when done."""
    from tqdm.auto import tqdm  # the notebook widget inside Jupyter (with ipywidgets), plain tqdm elsewhere
    from tqdm.notebook import tqdm as notebook_tqdm

    if not issubclass(tqdm, notebook_tqdm):
        return tqdm(range(epochs), desc="epochs", unit="epoch", leave=False)
    from IPython.display import display

    bar = tqdm(range(epochs), desc="epochs", unit="epoch", leave=False, display=False)
    bundle = bar.container._repr_mimebundle_()
    bundle.pop("text/plain", None)
    display(bundle, raw=True)
    return bar
