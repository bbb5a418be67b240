// The PyTorch code box's line that loads the file on screen: run by Debian's python3, it must give
// exactly the float32 values NormScope read (bit for bit) for a .npy, a named .npz member, an .npz
// opened without a name, and a .safetensors tensor (BF16). Debian has no safetensors package, so
// that case runs against a stand-in safetensors.torch.load_file written here from the format's
// definition (8-byte length, JSON header, raw bytes): it checks the code names the right tensor
// and converts it, not the package itself. The same code run where no package can be imported
// (Debian's python3 as it is) takes its own NumPy reader, which must give the same bits.
#include "io/npy.h"
#include "io/tensorfile.h"
#include "testsupport.h"
#include "text/pythonload.h"
#include "text/pytorchsnippet.h"

#include <QDir>
#include <QFile>
#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>

#include <cstring>

using namespace normscope;

class TestPythonLoad : public QObject {
    Q_OBJECT
private slots:
    void initTestCase();
    void expressions();
    void pythonReadsWhatTheWindowShows_data();
    void pythonReadsWhatTheWindowShows();

private:
    QTemporaryDir m_dir;
};

namespace {

const char* const standIn = R"(import json, torch
_dtypes = {"F64": torch.float64, "F32": torch.float32, "F16": torch.float16, "BF16": torch.bfloat16,
           "I64": torch.int64, "I32": torch.int32, "I16": torch.int16, "I8": torch.int8, "U8": torch.uint8,
           "BOOL": torch.bool}
def load_file(path):
    raw = open(path, "rb").read()
    n = int.from_bytes(raw[:8], "little")
    out = {}
    for name, t in json.loads(raw[8:8 + n]).items():
        if name == "__metadata__" or t["dtype"] not in _dtypes:
            continue
        a, b = t["data_offsets"]
        data = bytearray(raw[8 + n + a:8 + n + b])
        out[name] = torch.frombuffer(data, dtype=_dtypes[t["dtype"]]).reshape(t["shape"]) if data else \
            torch.zeros(t["shape"], dtype=_dtypes[t["dtype"]])
    return out
)";

} // namespace

void TestPythonLoad::initTestCase()
{
    const QString missing = test::missingPython();
    if (!missing.isEmpty())
        QFAIL(qPrintable(missing));
    QVERIFY(QDir(m_dir.path()).mkpath(QStringLiteral("safetensors")));
    QFile init(m_dir.filePath(QStringLiteral("safetensors/__init__.py")));
    QVERIFY(init.open(QIODevice::WriteOnly));
    QFile module(m_dir.filePath(QStringLiteral("safetensors/torch.py")));
    QVERIFY(module.open(QIODevice::WriteOnly));
    module.write(standIn);
}

void TestPythonLoad::expressions()
{
    QCOMPARE(
        pythonLoad("/d/x.npy").expression, std::string(R"(torch.from_numpy(np.load("/d/x.npy").astype(np.float32)))"));
    QCOMPARE(pythonLoad("/d/x.npy").imports, std::string());
    QCOMPARE(pythonLoad("/d/acts.npz:layer3").expression,
        std::string(R"(torch.from_numpy(np.load("/d/acts.npz")["layer3"].astype(np.float32)))"));
    // A name with the spec's own separator in it stays whole.
    QCOMPARE(pythonLoad("/d/m.safetensors:h.0:a").expression,
        std::string(R"(load_file("/d/m.safetensors")["h.0:a"].float())"));
    QVERIFY(
        pythonLoad("/d/m.safetensors:w").imports.starts_with("try:\n    from safetensors.torch import load_file\n"));
}

void TestPythonLoad::pythonReadsWhatTheWindowShows_data()
{
    QTest::addColumn<QString>("spec");
    QTest::addColumn<bool>("standIn"); // whether a safetensors package can be imported
    QTest::newRow("npy") << QStringLiteral("npy/base_bef8.npy") << true;
    QTest::newRow("npz member f16") << QStringLiteral("npz/savez_compressed.npz:half") << true;
    QTest::newRow("npz only array") << QStringLiteral("npz/single.npz") << true;
    QTest::newRow("safetensors bf16") << QStringLiteral("safetensors/all_dtypes.safetensors:bf16") << true;
    QTest::newRow("safetensors i16") << QStringLiteral("safetensors/all_dtypes.safetensors:i16") << true;
    QTest::newRow("safetensors only tensor") << QStringLiteral("safetensors/single.safetensors") << true;
    // Debian's python3 as it is: the code box reads the file itself.
    for (const char* name : { "bf16", "f16", "f64", "i64", "i16", "u64", "u32", "u8", "bool" })
        QTest::newRow(qPrintable(QStringLiteral("safetensors %1, no package").arg(QLatin1String(name))))
            << QStringLiteral("safetensors/all_dtypes.safetensors:%1").arg(QLatin1String(name)) << false;
    QTest::newRow("safetensors only tensor, no package") << QStringLiteral("safetensors/single.safetensors") << false;
}

void TestPythonLoad::pythonReadsWhatTheWindowShows()
{
    QFETCH(QString, spec);
    QFETCH(bool, standIn);
    const std::string full = test::dataPath(spec.toStdString());
    const Tensor expected = readTensorFile(full);
    const PythonLoad load = pythonLoad(full);
    const QString out = m_dir.filePath(QStringLiteral("out.npy"));
    QFile::remove(out);
    const QString code = QStringLiteral("import numpy as np\nimport torch\n") + QString::fromStdString(load.imports)
        + QStringLiteral("x = ") + QString::fromStdString(load.expression)
        + QStringLiteral("\nassert x.dtype == torch.float32\nnp.save(")
        + QString::fromStdString(pythonString(out.toStdString())) + QStringLiteral(", x.numpy())\n");
    QProcess python;
    // Without the stand-in: run from a folder that does not hold it (python -c imports from there).
    QVERIFY(QDir(m_dir.path()).mkpath(QStringLiteral("plain")));
    python.setWorkingDirectory(standIn ? m_dir.path() : m_dir.filePath(QStringLiteral("plain")));
    auto environment = QProcessEnvironment::systemEnvironment();
    if (standIn)
        environment.insert(QStringLiteral("PYTHONPATH"), m_dir.path());
    python.setProcessEnvironment(environment);
    python.start(QStringLiteral("/usr/bin/python3"), { QStringLiteral("-c"), code });
    QVERIFY(python.waitForFinished(60000));
    QVERIFY2(python.exitCode() == 0, python.readAllStandardError().constData());
    const Tensor got = readTensorFile(out.toStdString());
    QCOMPARE(got.shape().dims(), expected.shape().dims());
    QVERIFY(std::memcmp(got.data().data(), expected.data().data(), expected.data().size() * sizeof(float)) == 0);
}

QTEST_GUILESS_MAIN(TestPythonLoad)
#include "test_pythonload.moc"
