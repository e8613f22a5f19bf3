#pragma once
// The evidence pack of a sync (agent/sync/evidence.h) as one self-contained printable HTML page:
// inline style only, no scripts that run, no external resource; every text from the document
// escaped. The page carries the sealed JSON document itself in a
// <script type="application/json" id="findata-evidence"> element, so a saved page can be
// verified like the JSON (`findata-agent evidence verify page.html`).

#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "agent/util/markup.h"

namespace findata::agent {

/// The page of a sealed evidence document.
std::string evidenceHtml(const nlohmann::json& document);

}  // namespace findata::agent
