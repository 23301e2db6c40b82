"""The diffusion loop on a native model: a UNet2DModel and a diffusers scheduler driven by the
loop itself, so every scaffold and fork works (the scaffolds: `diffusion_search.py`)."""

from __future__ import annotations

from scaffold.errors import InputError
from scaffold.loops.diffusion_config import DiffusionConfig
from scaffold.loops.diffusion_native import NativeDenoiser
from scaffold.loops.diffusion_search import DiffusionSearch
from scaffold.loops.diffusion_verifier import Verifier
from scaffold.models.diffusers_backend import NativeDiffusionModel

__all__ = ["DiffusionConfig", "DiffusionLoop"]


class DiffusionLoop(DiffusionSearch):
    """A native diffusion model, a verifier and a config, as a loop."""

    def __init__(
        self, model: NativeDiffusionModel, verifier: Verifier, config: DiffusionConfig
    ) -> None:
        self.model = model
        self.guidance = config.guidance if config.guidance is not None else model.default_guidance
        self.scheduler = config.scheduler or model.default_scheduler
        trained = int(model.scheduler_config.get("num_train_timesteps", 1000))
        if config.steps > trained:
            raise InputError(
                f"--steps: {config.steps} is more than the {trained} timesteps "
                f"{model.info.id} was trained with"
            )
        super().__init__(self._denoiser, verifier, config, where=model.info.id)
        self.header = self.make_header(
            model=model.info,
            objective=f"{self.verifier.name}: log p(target class | image)",
            guidance=self.guidance,
            scheduler=self.scheduler,
            backend={"prediction_type": model.prediction_type, "image_size": model.image_size},
        )

    def _denoiser(self, config: DiffusionConfig) -> NativeDenoiser:
        """The denoiser for `config` (a fork's overrides included); None means the model's."""
        return NativeDenoiser(
            self.model,
            scheduler=self.scheduler,
            steps=config.steps,
            guidance=float(config.guidance if config.guidance is not None else self.guidance),
            eta=config.eta,
            speedups=config.speedups,
        )
