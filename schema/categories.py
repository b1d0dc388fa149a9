"""The categories of plan issuers, without Pydantic.

A plain ``Literal``: the models type their fields with it and the command
line offers it as the choices of ``kehoach new --category``. It lives apart
from :mod:`kehoach.schema.models` because the command line is imported for
every command, and a command that validates nothing (``kehoach deps``, run by
``make`` after every build) must not pay for building the models.
"""

from __future__ import annotations

from typing import Literal

Category = Literal["bo", "tinh", "so", "van-phong", "xa", "phuong", "dac-khu"]
"""Categories of plan issuers a parent addresses (DESIGN §4-§5).

bo: bộ, ngành; tinh: tỉnh, thành phố trực thuộc trung ương; so: sở, ban,
ngành; van-phong: văn phòng (Văn phòng UBND…); xa, phuong, dac-khu: cấp xã.
"""
