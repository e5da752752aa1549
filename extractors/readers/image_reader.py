"""Reader for scans and phone photos (.jpg, .png, .tif, .bmp, .webp): every frame through OCR."""

from __future__ import annotations

import io
import warnings
from collections.abc import Callable

from extractors.errors import CorruptFile, EmptyFile, TooLarge
from extractors.limits import Limits
from models.document import Paragraph, ReadDocument, Seal, Table


def read_image(
    data: bytes,
    limits: Limits | None = None,
    ocr: Callable[[object, int], list[Paragraph | Table]] | None = None,
) -> ReadDocument:
    limits = limits or Limits()
    if not data:
        raise EmptyFile("empty file (0 bytes)")
    from PIL import Image, ImageOps

    # the cap is this reading's own (checked on the header below, before decoding); PIL's global
    # MAX_IMAGE_PIXELS is left alone: other readings in this process have their own limits
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            im = Image.open(io.BytesIO(data))
            w, h = im.size
            if w * h > limits.max_image_pixels:
                raise TooLarge(
                    f"image of {w}x{h} pixels, over the cap of {limits.max_image_pixels} (INTAKE_MAX_IMAGE_PIXELS)"
                )
            n_frames = getattr(im, "n_frames", 1)
            if n_frames > limits.max_pdf_pages:
                raise TooLarge(f"image with {n_frames} frames, over the cap of {limits.max_pdf_pages}")
            from extractors.readers.imaging import on_white, upright

            blocks: list[Paragraph | Table] = []
            notes: list[str] = []
            sizes: dict[int, tuple[float, float]] = {}
            colour: dict[int, bool] = {}
            seals: list[Seal] = []
            order = 0
            for i in range(n_frames):
                im.seek(i)
                if im.size[0] * im.size[1] > limits.max_image_pixels:  # each frame has its own size
                    raise TooLarge(
                        f"frame {i + 1} of {im.size[0]}x{im.size[1]} pixels, over the cap of "
                        f"{limits.max_image_pixels} (INTAKE_MAX_IMAGE_PIXELS)"
                    )
                frame = on_white(ImageOps.exif_transpose(im) or im)
                frame, turned = upright(frame)
                if turned:
                    notes.append(f"page {i + 1}: turned {turned}° counter-clockwise to read it upright")
                sizes[i + 1] = (float(frame.width), float(frame.height))
                if ocr is None:
                    from extractors.readers.ocr import ocr_page

                    read = ocr_page(frame, i + 1)
                    page_blocks, colour[i + 1] = read.blocks, read.colour
                    seals += read.seals
                else:
                    page_blocks = ocr(frame, i + 1)
                if not any(b.text.strip() for b in page_blocks):
                    notes.append(f"page {i + 1}: OCR found no text on it")
                for b in page_blocks:
                    order += 1
                    b.prov.order = order
                    blocks.append(b)
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as e:
        raise TooLarge(f"image decompression bomb refused: {e}") from e
    except TooLarge:
        raise
    except (OSError, SyntaxError, ValueError) as e:
        raise CorruptFile(f"cannot decode the image: {e}") from e
    return ReadDocument(
        media_type="image",
        pages=n_frames,
        ocr_used=True,
        blocks=blocks,
        page_sizes=sizes,
        warnings=notes,
        ocr_colour=colour,
        seals=seals,
    )
