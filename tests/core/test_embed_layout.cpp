// The height an embed asks its page for (core/embed_layout.h).
#include <catch2/catch.hpp>

#include "core/embed_layout.h"

using namespace pgplay;
using Below = EmbedLayoutInput::Below;

TEST_CASE("embed layout: the editor fits its lines, within limits", "[embed]") {
    EmbedLayoutInput in{40, 18, 1, Below::Nothing, 0, false};
    const float three = embedLayout(in).editorHeight;
    in.editorLines = 3;
    CHECK(embedLayout(in).editorHeight == three);   // never smaller than three lines
    in.editorLines = 8;
    CHECK(embedLayout(in).editorHeight == three + 5 * 18);
    in.editorLines = 14;
    const float most = embedLayout(in).editorHeight;
    in.editorLines = 500;
    CHECK(embedLayout(in).editorHeight == most);
}

TEST_CASE("embed layout: the frame grows with the result, and stays within bounds", "[embed]") {
    EmbedLayoutInput in{40, 18, 4, Below::Nothing, 0, false};
    const float empty = embedLayout(in).preferredHeight;
    in.below = Below::Rows;
    in.resultRows = 2;
    const float two = embedLayout(in).preferredHeight;
    in.resultRows = 6;
    const float six = embedLayout(in).preferredHeight;
    in.resultRows = 100000;
    const float many = embedLayout(in).preferredHeight;
    CHECK(empty < two);
    CHECK(two < six);
    CHECK(six < many);
    in.resultRows = 11;
    CHECK(embedLayout(in).preferredHeight == many);   // ten rows, then the grid scrolls
    in.below = Below::Message;
    CHECK(embedLayout(in).preferredHeight > empty);
    for (float h : {empty, two, six, many}) {
        CHECK(h >= kEmbedMinHeight);
        CHECK(h <= kEmbedMaxHeight);
        CHECK(static_cast<int>(h) % 4 == 0);
    }
    in = EmbedLayoutInput{40, 200, 500, Below::Rows, 500, false};   // a huge font
    CHECK(embedLayout(in).preferredHeight == kEmbedMaxHeight);
    in = EmbedLayoutInput{0, 0, 0, Below::Nothing, 0, false};   // nothing measured yet
    CHECK(embedLayout(in).preferredHeight == kEmbedMinHeight);
}

TEST_CASE("embed layout: a lesson step or race has its own height", "[embed]") {
    EmbedLayoutInput in{40, 18, 2, Below::Rows, 3, true};
    CHECK(embedLayout(in).preferredHeight == kEmbedPaneHeight);
}
