"""Static reference codes the engine needs without a database.

The municipality -> region map mirrors ``indgang/reference/data/municipalities.csv``
(the 98 municipalities since the 2007 reform); DB07 sections are A-U.
"""

REGION_MUNICIPALITIES: dict[int, tuple[int, ...]] = {
    1081: (773, 787, 810, 813, 820, 825, 840, 846, 849, 851, 860),
    1082: (615, 657, 661, 665, 671, 706, 707, 710, 727, 730, 740, 741, 746, 751, 756, 760, 766)
    + (779, 791),
    1083: (410, 420, 430, 440, 450, 461, 479, 480, 482, 492, 510, 530, 540, 550, 561, 563, 573)
    + (575, 580, 607, 621, 630),
    1084: (101, 147, 151, 153, 155, 157, 159, 161, 163, 165, 167, 169, 173, 175, 183, 185, 187)
    + (190, 201, 210, 217, 219, 223, 230, 240, 250, 260, 270, 400),
    1085: (253, 259, 265, 269, 306, 316, 320, 326, 329, 330, 336, 340, 350, 360, 370, 376, 390),
}

MUNICIPALITY_REGION: dict[int, int] = {
    municipality: region
    for region, municipalities in REGION_MUNICIPALITIES.items()
    for municipality in municipalities
}

REGION_CODES: tuple[int, ...] = tuple(sorted(REGION_MUNICIPALITIES))

DB07_SECTIONS: tuple[str, ...] = tuple("ABCDEFGHIJKLMNOPQRSTU")
