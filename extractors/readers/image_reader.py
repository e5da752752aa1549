"""Reader for scans and phone photos (.jpg, .png, .tif, .bmp, .webp): every frame through OCR (a
frame whose OCR fails is a warning naming it; the other frames are read)."""

from __future__ import annotations

import io
import warnings

from extractors.errors import CorruptFile, EmptyFile, OcrFailed, TooLarge
from extractors.limits import Limits
from extractors.readers.ocr_call import OcrFn, failed, read_page_image
from extractors.readers.page_flow import flow_pages
from models.document import Paragraph, ReadDocument, Seal, Table


def read_image(
    data: bytes,
    limits: Limits | None = None,
    ocr: OcrFn | None = None,
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
            from extractors.readers.imaging import on_white

            blocks: list[Paragraph | Table] = []
            notes: list[str] = []
            sizes: dict[int, tuple[float, float]] = {}
            colour: dict[int, bool] = {}
            seals: list[Seal] = []
            failures: list[str] = []
            order = 0
            for i in range(n_frames):
                im.seek(i)
                if im.size[0] * im.size[1] > limits.max_image_pixels:  # each frame has its own size
                    raise TooLarge(
                        f"frame {i + 1} of {im.size[0]}x{im.size[1]} pixels, over the cap of "
                        f"{limits.max_image_pixels} (INTAKE_MAX_IMAGE_PIXELS)"
                    )
                frame = on_white(ImageOps.exif_transpose(im) or im)
                read = read_page_image(frame, i + 1, ocr, upright=True)
                sizes[i + 1] = read.size or (float(frame.width), float(frame.height))
                if read.error:
                    failures.append(f"page {i + 1}: {read.error}")
                    notes.append(failed(i + 1, read.error))
                    continue
                if read.turned:
                    notes.append(f"page {i + 1}: turned {read.turned}° counter-clockwise to read it upright")
                if read.colour is not None:
                    colour[i + 1] = read.colour
                seals += read.seals
                if not any(b.text.strip() for b in read.blocks):
                    notes.append(f"page {i + 1}: OCR found no text on it")
                for b in read.blocks:
                    order += 1
                    b.prov.order = order
                    blocks.append(b)
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as e:
        raise TooLarge(f"image decompression bomb refused: {e}") from e
    except TooLarge:
        raise
    except (OSError, SyntaxError, ValueError) as e:
        raise CorruptFile(f"cannot decode the image: {e}") from e
    blocks = flow_pages(blocks, sizes)  # running heads, paragraphs cut by a page break
    if failures and not any(b.text.strip() for b in blocks):
        raise OcrFailed("OCR failed on every page, and nothing was read: " + "; ".join(failures))
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
