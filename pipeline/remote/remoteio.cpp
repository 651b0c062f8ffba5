#include "remoteio.h"

namespace Sovereign::Pipeline {

RemoteIo::RemoteIo()
{
    m_thread.setObjectName(QStringLiteral("remote-io"));
    m_context = new QObject;
    m_context->moveToThread(&m_thread);
    m_thread.start();
}

RemoteIo::~RemoteIo()
{
    // Clients must die in their own thread (their replies and timers live there).
    const QList<QObject *> owned = m_owned;
    QMetaObject::invokeMethod(m_context, [owned] { qDeleteAll(owned); }, Qt::BlockingQueuedConnection);
    m_thread.quit();
    m_thread.wait();
    delete m_context; // its thread has ended: nothing can be delivered to it any more
}

} // namespace Sovereign::Pipeline
