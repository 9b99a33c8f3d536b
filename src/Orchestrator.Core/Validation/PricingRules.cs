using System.Globalization;
using Orchestrator.Api;

namespace Orchestrator.Core.Validation;

internal static class PricingRules
{
    public static void Check(ErrorList errors, PricingSpec? pricing)
    {
        NotNegative(errors, "spec.pricing.spotPerGpuHour", pricing?.SpotPerGpuHour);
        NotNegative(errors, "spec.pricing.onDemandPerGpuHour", pricing?.OnDemandPerGpuHour);
    }

    private static void NotNegative(ErrorList errors, string path, double? price)
    {
        if (price is { } value && !(value >= 0 && double.IsFinite(value)))
        {
            errors.Add(path, $"must be a price of at least 0 (got {value.ToString(CultureInfo.InvariantCulture)})");
        }
    }
}
