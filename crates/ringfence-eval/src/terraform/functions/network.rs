//! IP network functions.

use super::Body::Known;
use super::{Call, Table};
use crate::Value;
use std::net::IpAddr;

pub(super) const FUNCTIONS: Table = &[("cidrhost", Known(cidrhost)), ("cidrsubnet", Known(cidrsubnet))];

fn cidrsubnet(c: &Call<'_>) -> Option<Value> {
    let (prefix, bits, num) = (c.text(0)?, c.num(1)?, c.num(2)?);
    subnet(&prefix, bits as u32, num as u128).map(|s| c.string(s))
}

fn cidrhost(c: &Call<'_>) -> Option<Value> {
    let (prefix, host) = (c.text(0)?, c.num(1)?);
    host_address(&prefix, host as i128).map(|h| c.string(h))
}

fn parse_cidr(prefix: &str) -> Option<(IpAddr, u32)> {
    let (addr, len) = prefix.split_once('/')?;
    Some((addr.parse().ok()?, len.parse().ok()?))
}

fn to_bits(addr: IpAddr) -> (u128, u32) {
    match addr {
        IpAddr::V4(a) => (u32::from(a) as u128, 32),
        IpAddr::V6(a) => (u128::from(a), 128),
    }
}

fn from_bits(bits: u128, width: u32) -> String {
    if width == 32 {
        std::net::Ipv4Addr::from(bits as u32).to_string()
    } else {
        std::net::Ipv6Addr::from(bits).to_string()
    }
}

fn subnet(prefix: &str, newbits: u32, netnum: u128) -> Option<String> {
    let (addr, len) = parse_cidr(prefix)?;
    let (bits, width) = to_bits(addr);
    let new_len = len.checked_add(newbits).filter(|l| *l <= width)?;
    if newbits < 128 && netnum >> newbits != 0 {
        return None;
    }
    let mask =
        if len == 0 { 0 } else { (!0u128) << (width - len) & if width == 32 { u32::MAX as u128 } else { u128::MAX } };
    let network = bits & mask;
    let shift = width - new_len;
    let subnet = network | netnum.checked_shl(shift).unwrap_or(0);
    Some(format!("{}/{new_len}", from_bits(subnet, width)))
}

fn host_address(prefix: &str, hostnum: i128) -> Option<String> {
    let (addr, len) = parse_cidr(prefix)?;
    let (bits, width) = to_bits(addr);
    let host_bits = width.checked_sub(len)?;
    let size: u128 = 1u128.checked_shl(host_bits).unwrap_or(0);
    let network = if host_bits >= 128 { 0 } else { bits >> host_bits << host_bits };
    let offset = if hostnum < 0 { size.checked_sub(hostnum.unsigned_abs())? } else { hostnum as u128 };
    if size != 0 && offset >= size {
        return None;
    }
    Some(from_bits(network + offset, width))
}
