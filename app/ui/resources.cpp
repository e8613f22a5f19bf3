#include "app/ui/resources.h"

#include <QtGlobal>

// Q_INIT_RESOURCE must be used outside any namespace.
static void initFindataResources() {
    Q_INIT_RESOURCE(findata);
}

namespace findata::app {

void initResources() {
    static const bool done = (initFindataResources(), true);
    Q_UNUSED(done);
}

}  // namespace findata::app
