#pragma once

// RemoteIo: one thread with an event loop that hosts the network clients of the remote backends.
// The pipeline calls its stages from worker threads without event loops; those calls post work
// here and block on a QFuture. Clients are moved into this thread with adopt() before first use, so
// each QNetworkAccessManager lives (and is destroyed) in the thread that uses it.

#include <QFuture>
#include <QObject>
#include <QPromise>
#include <QThread>

#include <functional>
#include <memory>

namespace Sovereign::Pipeline {

class RemoteIo final
{
public:
    RemoteIo();
    ~RemoteIo(); // deletes the adopted objects in the IO thread, then stops it
    RemoteIo(const RemoteIo &) = delete;
    RemoteIo &operator=(const RemoteIo &) = delete;

    // Moves a parentless QObject into the IO thread; RemoteIo owns it from now on.
    template<typename T>
    T *adopt(T *object)
    {
        object->moveToThread(&m_thread);
        object->setParent(nullptr);
        m_owned.append(object);
        return object;
    }
    QObject *context() const { return m_context; }
    bool isIoThread() const { return QThread::currentThread() == &m_thread; }

    // Runs start(promise) in the IO thread; the returned future finishes when start (or a callback
    // it set up) calls promise->addResult() + finish(). Never call result() of it from the IO thread.
    template<typename T>
    QFuture<T> call(std::function<void(std::shared_ptr<QPromise<T>>)> start)
    {
        auto promise = std::make_shared<QPromise<T>>();
        promise->start();
        QFuture<T> future = promise->future();
        QMetaObject::invokeMethod(m_context, [start = std::move(start), promise] { start(promise); }, Qt::QueuedConnection);
        return future;
    }

private:
    QThread m_thread;
    QObject *m_context = nullptr;
    QList<QObject *> m_owned;
};

// Finishes a promise with one value.
template<typename T>
void fulfil(const std::shared_ptr<QPromise<T>> &promise, T value)
{
    promise->addResult(std::move(value));
    promise->finish();
}

} // namespace Sovereign::Pipeline
