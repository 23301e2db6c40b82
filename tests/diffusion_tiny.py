"""Tiny randomly initialised diffusion models that the diffusion tests build and save."""

from __future__ import annotations

import json
from pathlib import Path

import torch


def save_tiny_native_model(root: Path, seed: int = 0, size: int = 8) -> Path:
    """A class-conditional UNet2DModel with the embedded model's config shape (11 class embeds,
    null class 10), saved as safetensors with its mesascope.json and scheduler config."""
    from diffusers import DDPMScheduler, UNet2DModel

    torch.manual_seed(seed)
    unet = UNet2DModel(
        sample_size=size,
        in_channels=1,
        out_channels=1,
        block_out_channels=(16, 32),
        layers_per_block=1,
        down_block_types=("DownBlock2D", "DownBlock2D"),
        up_block_types=("UpBlock2D", "UpBlock2D"),
        num_class_embeds=11,
        norm_num_groups=8,
    )
    root.mkdir(parents=True, exist_ok=True)
    unet.save_pretrained(root, safe_serialization=True)
    DDPMScheduler(num_train_timesteps=1000).save_pretrained(root)
    meta = {
        "id": "tiny-random-digits",
        "image_size": size,
        "num_classes": 10,
        "null_class": 10,
        "default_guidance": 2.0,
        "prediction_type": "epsilon",
        "scheduler": "ddim",
    }
    (root / "mesascope.json").write_text(json.dumps(meta), encoding="utf-8")
    return root


def tiny_verifier(seed: int = 0):
    """The shipped digits classifier when it exists, else a seeded random linear classifier."""
    from scaffold.loops.diffusion_verifier import TorchClassifierVerifier, load_digits_verifier
    from scaffold.models.diffusers_backend import CLASSIFIER_PATH

    if CLASSIFIER_PATH.is_file():
        return load_digits_verifier()
    torch.manual_seed(seed)
    module = torch.nn.Sequential(torch.nn.Flatten(), torch.nn.Linear(64, 10))
    return TorchClassifierVerifier(module, name="random-linear")


def save_tiny_ddpm_pipeline(root: Path, seed: int = 0) -> Path:
    """An unconditional DDPMPipeline (tiny random UNet2DModel, DDPM scheduler)."""
    from diffusers import DDPMPipeline, DDPMScheduler, UNet2DModel

    torch.manual_seed(seed)
    unet = UNet2DModel(
        sample_size=8, in_channels=1, out_channels=1, block_out_channels=(16, 32),
        layers_per_block=1, down_block_types=("DownBlock2D", "DownBlock2D"),
        up_block_types=("UpBlock2D", "UpBlock2D"), norm_num_groups=8,
    )
    DDPMPipeline(unet=unet, scheduler=DDPMScheduler(num_train_timesteps=100)).save_pretrained(
        root, safe_serialization=True
    )
    return root


def save_tiny_sd_pipeline(root: Path, seed: int = 0, tiny_vae: bool = False) -> Path:
    """A StableDiffusionPipeline built from tiny random parts and a locally made tokenizer;
    with `tiny_vae`, an AutoencoderTiny is saved next to it in `vae_tiny/`."""
    from diffusers import (
        AutoencoderKL,
        AutoencoderTiny,
        DDIMScheduler,
        StableDiffusionPipeline,
        UNet2DConditionModel,
    )
    from transformers import CLIPTextConfig, CLIPTextModel, CLIPTokenizer

    torch.manual_seed(seed)
    unet = UNet2DConditionModel(
        sample_size=8, in_channels=4, out_channels=4, block_out_channels=(16, 32),
        layers_per_block=1, down_block_types=("CrossAttnDownBlock2D", "DownBlock2D"),
        up_block_types=("UpBlock2D", "CrossAttnUpBlock2D"), cross_attention_dim=16,
        attention_head_dim=4, norm_num_groups=8,
    )
    vae = AutoencoderKL(
        in_channels=3, out_channels=3, block_out_channels=(8, 16), latent_channels=4,
        down_block_types=("DownEncoderBlock2D", "DownEncoderBlock2D"),
        up_block_types=("UpDecoderBlock2D", "UpDecoderBlock2D"), norm_num_groups=8,
        sample_size=16,
    )
    words = ["a", "handwritten", "digit", *map(str, range(10))]
    vocab = {"<|startoftext|>": 0, "<|endoftext|>": 1}
    vocab.update({f"{w}</w>": i + 2 for i, w in enumerate(words)})
    tokenizer = CLIPTokenizer(vocab=vocab, merges=[], model_max_length=32)
    text = CLIPTextModel(CLIPTextConfig(
        vocab_size=len(vocab), hidden_size=16, intermediate_size=32, num_hidden_layers=1,
        num_attention_heads=2, max_position_embeddings=32, projection_dim=16,
        bos_token_id=0, eos_token_id=1, pad_token_id=1,
    ))
    pipe = StableDiffusionPipeline(
        vae=vae, text_encoder=text, tokenizer=tokenizer, unet=unet,
        scheduler=DDIMScheduler(num_train_timesteps=100, steps_offset=1, clip_sample=False),
        safety_checker=None,
        feature_extractor=None, image_encoder=None, requires_safety_checker=False,
    )
    pipe.save_pretrained(root, safe_serialization=True)
    if tiny_vae:
        AutoencoderTiny(
            encoder_block_out_channels=(8, 8), decoder_block_out_channels=(8, 8),
            num_encoder_blocks=(1, 1), num_decoder_blocks=(1, 1), latent_channels=4,
        ).save_pretrained(root / "vae_tiny", safe_serialization=True)
    return root


def strip_wall_times(path: Path) -> list[dict]:
    """A transcript's lines as dicts without what is allowed to differ between identical runs:
    wall times (`wall_s`) and the header's creation time."""
    lines = [json.loads(line) for line in path.read_text().splitlines()]
    for obj in lines:
        obj.pop("wall_s", None)
        obj.pop("created", None)
    return lines
