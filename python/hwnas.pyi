"""Type stubs of the hwnas module (python/*.cpp); docs/python.md walks through it."""

from typing import Any, Callable, Dict, Iterable, Iterator, List, Optional, Sequence, Tuple, Union, overload

import numpy as np
import numpy.typing as npt

__version__: str

ArchLike = Union["Arch", str, Dict[str, Any]]
"""An hwnas.Arch, any text `--arch` accepts (canonical, hwnas JSON, OFA dict, net_str, @FILE), or a dict."""
Archs = Union[ArchLike, "ArchList", Iterable[ArchLike]]
MetricFunction = Callable[[List["Arch"]], Sequence[Optional[float]]]
"""A metric given as a Python callable: one value (or None) per architecture of the list."""
Metric = Union[str, MetricFunction]

class InputError(ValueError):
    """Bad input: the message names what was wrong and what is accepted."""

class Space:
    """A design space; load one with load_space(name_or_path)."""
    name: str
    description: str
    source_file: str
    resolutions: List[int]
    default_resolution: int
    blocks: List[str]
    units: List[str]
    def size(self) -> int:
        """The exact number of architectures over all resolutions (`hwnas size`'s total)."""
    def size_per_resolution(self) -> int:
        """The exact number of architectures at one resolution."""
    def sample(
        self,
        n: int = 1,
        seed: int = 0,
        fix: Union[None, str, Tuple[int, int, str]] = None,
        resolution: Optional[int] = None,
        depth_rule: str = "uniform",
    ) -> "ArchList":
        """n architectures as `hwnas sample -n N --seed S [--fix U:L:BLOCK]` draws them."""

class Arch:
    """One architecture of a space: str() is its canonical text; equal ones compare and hash alike."""
    def __init__(self, space: Space, arch: Union[str, Dict[str, Any], "Arch"], resolution: Optional[int] = None) -> None: ...
    @staticmethod
    def from_ofa_dict(space: Space, dict: Dict[str, Any]) -> "Arch":
        """From OFA's arch dict ({'ks','e','d','r'} or resnet50's {'d','e','w','r'})."""
    @property
    def space(self) -> Space: ...
    @property
    def resolution(self) -> int: ...
    @property
    def depths(self) -> List[int]: ...
    @property
    def blocks(self) -> List[List[str]]: ...
    @property
    def arch_hash(self) -> str:
        """The store's 16-hex-digit key."""
    def to_ofa_dict(self) -> Dict[str, Any]: ...
    def to_json(self) -> Dict[str, Any]: ...
    def to_net_str(self) -> str: ...
    def __eq__(self, other: object) -> bool: ...
    def __hash__(self) -> int: ...

class ArchList(Sequence[Arch]):
    """Architectures of one space held in C++ (what Space.sample returns): predict, evaluate and
    measure read it without converting each item. Indexing gives an Arch, slicing an ArchList."""
    def __init__(self, space: Space, archs: Iterable[ArchLike], resolution: Optional[int] = None) -> None:
        """Converts every item once."""
    @property
    def space(self) -> Space: ...
    def __len__(self) -> int: ...
    @overload
    def __getitem__(self, index: int) -> Arch: ...
    @overload
    def __getitem__(self, index: slice) -> "ArchList": ...
    def __iter__(self) -> Iterator[Arch]: ...
    def __eq__(self, other: object) -> bool: ...

class Predictor:
    """A trained predictor file; open one with load_predictor(file)."""
    file: str
    @property
    def provenance(self) -> Dict[str, Any]: ...
    def predict(self, space: Space, archs: Archs, resolution: Optional[int] = None) -> npt.NDArray[np.float64]:
        """One prediction per architecture, as `hwnas predict` gives them."""

class Store:
    """A profile store; open one with open_store(url)."""
    @property
    def url(self) -> str: ...
    def measurements(
        self,
        device: Optional[str] = None,
        space: Optional[str] = None,
        include_reference: bool = False,
        as_array: bool = False,
    ) -> Union[List[Dict[str, Any]], np.ndarray]: ...
    def metrics(self, source: str, as_array: bool = False) -> Union[List[Dict[str, Any]], np.ndarray]: ...
    def devices(self) -> List[Dict[str, Any]]: ...
    def counts(self) -> List[Dict[str, Any]]: ...

def load_space(name_or_path: str) -> Space:
    """A shipped space by name (spaces()) or a space YAML file."""

def spaces() -> List[str]: ...
def devices() -> List[str]: ...
def algorithms() -> List[str]: ...
def stats(space: Space, arch: ArchLike, resolution: Optional[int] = None, device: str = "") -> Dict[str, Any]:
    """`hwnas stats --json` as a dict: macs, flops, params, ..., layers; device='sim:X' adds latency."""

def simulate(space: Space, arch: ArchLike, device: str = "sim:midap", resolution: Optional[int] = None) -> Dict[str, Any]:
    """Simulated latency: {'device', 'latency_ms', 'fixed_ms', 'resolution', 'kernels', 'fallback_kernels', 'layers'}."""

def evaluate(space: Space, metric: str, archs: Archs, db: str = "") -> npt.NDArray[np.float64]:
    """One value per architecture of a metric spec; NaN where the source has none."""

def load_predictor(file: str, space: Optional[Space] = None) -> Predictor: ...
def train_predictor(
    space: Space,
    *,
    db: str,
    device: str = "",
    kind: str = "ridge",
    out: str,
    holdout: int = 0,
    train_limit: int = 0,
    seed: int = 0,
    target: str = "",
    options: Optional[Dict[str, Any]] = None,
) -> Predictor:
    """Trains on the store's measurements as `hwnas predictor train` does; writes `out`."""
def open_store(url: str) -> Store: ...
def measure(
    space: Space,
    archs: Optional[Archs] = None,
    *,
    db: str,
    n: Optional[int] = None,
    seed: int = 0,
    sample: str = "uniform",
    depth_rule: str = "uniform",
    resolution: Optional[int] = None,
    engine: str = "torchscript",
    threads: int = 1,
    device_key: str = "",
    pin: str = "",
    target: float = 0.01,
    min_runs: int = 20,
    max_runs: int = 1000,
    max_seconds: float = 30.0,
    warmup: int = 10,
    reference_every: int = 25,
    timing: str = "wall",
    compensate: bool = False,
    reference: Optional[ArchLike] = None,
    progress: Optional[Callable[[int, int, Optional[float]], None]] = None,
) -> Dict[str, Any]:
    """Measures into the store as `hwnas measure` does; returns the stored rows of the architectures."""

def profile(
    space: Space,
    metrics: Union[Metric, Tuple[str, MetricFunction], Sequence[Union[Metric, Tuple[str, MetricFunction]]]],
    *,
    samples: int = 1000,
    design: str = "paired",
    depth_rule: str = "uniform",
    resolutions: Sequence[int] = (),
    taus: Sequence[float] = (0.05, 0.95),
    seed: int = 0,
    bootstrap: int = 200,
    batch: int = 1024,
    db: str = "",
    measure_missing: bool = False,
    compensate: bool = False,
    out: Optional[str] = None,
    report: bool = False,
    progress: Optional[Callable[[Dict[str, Any]], None]] = None,
) -> Dict[str, Any]:
    """BlockProfile's block profile, as `hwnas profile` computes it; returns profile.json's content."""

def search(
    space: Space,
    objectives: Sequence[Union[str, Tuple[str, Metric]]],
    constraints: Sequence[Union[str, Tuple[Metric, str, float]]] = (),
    *,
    algo: str = "nsga2",
    budget: Optional[int] = None,
    generations: Optional[int] = None,
    resolution: Optional[int] = None,
    seed: int = 0,
    metrics: Optional[Dict[str, MetricFunction]] = None,
    rules: str = "",
    db: str = "",
    hv_box: Sequence[str] = (),
    feasibility_tries: int = 1000,
    out: Optional[str] = None,
    resume: bool = False,
    progress: Optional[Callable[[Dict[str, Any]], None]] = None,
) -> Dict[str, Any]:
    """A search as `hwnas search` runs it; returns front.json's content plus 'stop_reason' and 'trials'.
    out=DIR checkpoints every generation; resume=True continues the run checkpointed there."""

def export_torchscript(
    space: Space, arch: ArchLike, path: str, seed: int = 0, resolution: Optional[int] = None, lite: bool = False
) -> str:
    """A TorchScript archive with seeded weights that torch.jit.load reads."""

def export_onnx(
    space: Space, arch: ArchLike, path: str, seed: int = 0, resolution: Optional[int] = None, opset: int = 13
) -> str:
    """A BN-folded ONNX model with seeded weights."""
