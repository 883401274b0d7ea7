using Cion.Core.Contract;

namespace Cion.Tests.Contract;

public sealed class ImageReferenceTests
{
    [TestCase("busybox", "busybox", "latest")]
    [TestCase("busybox:1.36", "busybox", "1.36")]
    [TestCase("registry:5000/team/app", "registry:5000/team/app", "latest")]
    [TestCase("registry:5000/team/app:v2", "registry:5000/team/app", "v2")]
    [TestCase("app@sha256:abc", "app@sha256:abc", "")]
    public void Split_SeparatesNameAndTag(string image, string name, string tag) =>
        Assert.That(ImageReference.Split(image), Is.EqualTo((name, tag)));

    [TestCase("busybox", true)]
    [TestCase("registry:5000/team/app:1.2", true)]
    [TestCase("team/app@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef", true)]
    [TestCase("UPPER/case", false)]
    [TestCase("has space", false)]
    [TestCase("app:", false)]
    [TestCase("-leading", false)]
    public void ImageReference_IsValid_LikeDocker(string image, bool valid) => Assert.That(ImageReference.IsValid(image), Is.EqualTo(valid));
}
